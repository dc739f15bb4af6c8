# Fixed test personas for every test directory (unit, integration and browser).
pytest_plugins = ["polku.personas"]
