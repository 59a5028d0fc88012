"""draht: der Draht zum Kunden."""
