"""What leaves the app: chart and table exports, the briefings and the RAT PDF."""
