"""HTTP and WebSocket serving: the conversational API, streaming voice, the web page."""
