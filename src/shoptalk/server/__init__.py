"""The HTTP front end: FastAPI app and the static web page."""
