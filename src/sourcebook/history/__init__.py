"""Public history: every version of a document, each shown, compared and cited as it was."""
