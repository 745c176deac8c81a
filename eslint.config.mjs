// n8n's own lint setup for community nodes (as in @n8n/node-cli), applied to what n8n loads: the nodes,
// the credential, src/protocol (which the nodes import) and package.json. The dispatcher, tests and
// benchmarks are a separate Node program that legitimately uses node:http, fs and process, so they get
// typescript-eslint's recommended rules without n8n's cloud sandbox rules.
import js from '@eslint/js';
import { n8nCommunityNodesPlugin } from '@n8n/eslint-plugin-community-nodes';
import n8nNodesBase from 'eslint-plugin-n8n-nodes-base';
import tseslint from 'typescript-eslint';

const communityNodes = n8nCommunityNodesPlugin.configs.recommended;
const loadedByN8n = ['credentials/**/*.ts', 'nodes/**/*.ts', 'src/protocol/**/*.ts'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', '.n8n-e2e/**', 'bench/out/**'] },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [js.configs.recommended, tseslint.configs.recommended],
    rules: {
      'prefer-spread': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: loadedByN8n,
    extends: [communityNodes],
    // n8n's scanner lints with inline configuration ignored, so an eslint-disable comment here would pass
    // this lint and still fail verification.
    linterOptions: { noInlineConfig: true },
    rules: { 'no-console': 'error' },
  },
  {
    files: ['package.json'],
    extends: [communityNodes],
    plugins: { 'n8n-nodes-base': n8nNodesBase },
    rules: { ...n8nNodesBase.configs.community.rules },
    languageOptions: { parser: tseslint.parser, parserOptions: { extraFileExtensions: ['.json'] } },
  },
  {
    files: ['credentials/**/*.ts'],
    plugins: { 'n8n-nodes-base': n8nNodesBase },
    rules: {
      ...n8nNodesBase.configs.credentials.rules,
      'n8n-nodes-base/cred-class-field-documentation-url-miscased': 'off',
      'n8n-nodes-base/cred-class-field-type-options-password-missing': 'off',
    },
  },
  {
    files: ['nodes/**/*.ts'],
    plugins: { 'n8n-nodes-base': n8nNodesBase },
    rules: {
      ...n8nNodesBase.configs.nodes.rules,
      'n8n-nodes-base/node-class-description-inputs-wrong-regular-node': 'off',
      'n8n-nodes-base/node-class-description-outputs-wrong': 'off',
      'n8n-nodes-base/node-param-type-options-max-value-present': 'off',
    },
  },
);
