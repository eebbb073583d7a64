// Lint rules for the whole repository: strict TypeScript, file-size limits and the layering
// rules that say which folder may import which (AESTHETICS-ANCHORS.md §3.5); the layers and
// cycles inside main/ are checked by the local rules of eslint.boundaries.mjs.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'
import { boundariesPlugin, MAIN_LAYERS } from './eslint.boundaries.mjs'

export default tseslint.config(
  {
    ignores: [
      'out/**',
      'node_modules/**',
      'test-results/**',
      '.cache/**',
      'resources/cli/**',
      // Deliberately broken trees that test/unit/lint/boundaries.test.ts lints on its own.
      'test/fixtures/boundaries/**'
    ]
  },
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
    files: ['main/**/*.ts'],
    plugins: { boundaries: boundariesPlugin },
    rules: {
      'boundaries/layers': ['error', { layers: MAIN_LAYERS }],
      'boundaries/no-cycle': 'error'
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
              // Plain logic both sides must agree on: answer order, attachment labels, the default
              // conversation title, the id pattern, and the generation options' ranges and refusals.
              group: [
                '**/preload/contract/**',
                '!**/preload/contract/answer-versions',
                '!**/preload/contract/labels',
                '!**/preload/contract/titles',
                '!**/preload/contract/ids',
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
      'main/shared/**/*.ts',
      'main/inference/**/*.ts',
      'main/media/**/*.ts',
      'main/model-host/**/*.ts',
      'main/services/**/*.ts',
      'main/api/**/*.ts',
      'main/app.ts',
      'main/cli/**/*.ts',
      'main/serve/**/*.ts'
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
  },
  {
    // The host side of the model host runs in a utility or child process: it reaches the engine,
    // the protocol and its errors, never the client side that lives in main.
    files: [
      'main/model-host/entry.ts',
      'main/model-host/server.ts',
      'main/model-host/handlers.ts',
      'main/model-host/fake-handlers.ts',
      'main/model-host/host-backend.ts',
      'main/model-host/host-transport.ts'
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The model host runs without Electron.' }],
          patterns: [
            {
              group: [
                './client',
                './client-events',
                './call-table',
                './host-connection',
                './host-session',
                './restart-policy',
                './adapter',
                './*-adapter'
              ],
              message: 'The host side may not import the client side of the model host.'
            }
          ]
        }
      ]
    }
  }
)
