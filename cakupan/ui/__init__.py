"""The only package that imports Streamlit: URL state, caches, widgets, the page list, and one module per page."""
