import type { CodegenConfig } from '@graphql-codegen/cli';

// Types are generated from the committed schema files (no running server needed).
const config: CodegenConfig = {
  schema: process.env.XN_SCHEMA ?? '../graph/*.graphqls',
  documents: ['src/**/*.graphql'],
  ignoreNoDocuments: true,
  generates: {
    './src/graphql/': {
      preset: 'client',
      presetConfig: {
        fragmentMasking: false,
      },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        defaultScalarType: 'unknown',
        scalars: {
          Time: 'string',
          Cursor: 'string',
          Map: 'Record<string, unknown>',
          Upload: 'File',
        },
      },
    },
  },
};

export default config;
