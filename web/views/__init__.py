"""The web door's views, one module per page family; each registers its routes."""
