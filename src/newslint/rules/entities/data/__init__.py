"""The bundled entity knowledge base (data)."""
