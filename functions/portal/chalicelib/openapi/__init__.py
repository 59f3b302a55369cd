"""The OpenAPI 3.1 document of the API, generated from the route table (`GET /api/openapi.json`)."""
