// Lint rules for the whole repository: strict TypeScript, file-size limits and the layering
// rules that say which folder may import which (AESTHETICS-ANCHORS.md §3.5).
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

export default tseslint.config(
  { ignores: ['out/**', 'node_modules/**', 'test-results/**', '.cache/**', 'resources/cli/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.{ts,tsx,mjs,js}'],
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }
      ],
      'max-lines': ['error', { max: 500, skipBlankLines: true, skipComments: true }],
      'no-console': 'off'
    }
  },
  {
    files: ['main/**/*.ts', 'preload/**/*.ts'],
    rules: {
      '@typescript-eslint/explicit-module-boundary-types': 'error'
    }
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['**/main/**', 'electron', 'node:*'],
              message: 'The renderer runs sandboxed.'
            },
            {
              // Plain logic both sides must agree on: answer order, attachment labels and the
              // generation options' ranges and refusals.
              group: [
                '**/preload/contract/**',
                '!**/preload/contract/answer-versions',
                '!**/preload/contract/labels',
                '!**/preload/contract/generation-options'
              ],
              allowTypeImports: true,
              message: 'Import the contract as types only.'
            }
          ]
        }
      ]
    }
  },
  {
    files: ['preload/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['**/main/**', '**/renderer/**'], message: 'Preload stays apart.' }] }
      ]
    }
  },
  {
    files: ['preload/contract/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['electron', 'node:*', '**/main/**', '**/renderer/**'],
              message: 'The contract is plain data.'
            }
          ]
        }
      ]
    }
  },
  {
    files: [
      'main/inference/**/*.ts',
      'main/media/**/*.ts',
      'main/model-host/**/*.ts',
      'main/cli/**/*.ts',
      'main/serve/**/*.ts',
      'main/services/**/*.ts'
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'electron', message: 'Only main/electron/ may import Electron.' }] }
      ]
    }
  },
  {
    files: ['main/inference/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The engine runs in plain Node.' }],
          patterns: [
            {
              group: [
                '**/model-host/**',
                '**/cli/**',
                '**/serve/**',
                '**/services/**',
                '**/electron/**'
              ],
              message: 'main/inference imports nothing else under main/ except media.'
            }
          ]
        }
      ]
    }
  }
)
