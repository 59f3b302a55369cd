"""The local stack behind `make run`: embedded AWS (moto), demo data, site and API on one origin."""
