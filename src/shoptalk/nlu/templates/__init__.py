"""Training-sentence templates, kept as data (`intents.yaml`)."""
