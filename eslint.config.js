// ESLint (flat config) for our own JavaScript: the site's scripts and the portal's ES modules in
// docs/assets/javascripts/ (the npm libraries are bundled from node_modules, never linted), the Node
// unit tests in tests/js/ and the tools. `make js-check` runs it with the unit tests.
import js from "@eslint/js";
import globals from "globals";

export default [
  { ignores: ["site/**", "node_modules/**", ".venv/**", "docs/assets/javascripts/vendor/**"] },
  js.configs.recommended,
  {
    files: ["docs/assets/javascripts/**/*.js"],
    languageOptions: { ecmaVersion: 2024, sourceType: "module", globals: globals.browser },
  },
  {
    // Classic scripts (extra_javascript, search_de.py's <head> script): no import/export.
    files: [
      "docs/assets/javascripts/feedback.js",
      "docs/assets/javascripts/support-hint.js",
      "docs/assets/javascripts/search-de.js",
    ],
    languageOptions: { sourceType: "script" },
  },
  {
    files: ["eslint.config.js", "tests/js/**/*.js", "tools/**/*.js", "tools/**/*.mjs"],
    languageOptions: { ecmaVersion: 2024, sourceType: "module", globals: globals.node },
  },
];
