"""Pure figure functions: a frame (and a layer) in, a plotly figure out; no Streamlit."""
