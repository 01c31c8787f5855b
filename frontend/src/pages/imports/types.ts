export type {
  ImportBatchFieldsFragment,
  ImportBatchesQuery,
  ImportKind,
  ImportKindsQuery,
  ImportStatus,
} from '../../graphql/graphql';
export type { Role } from '../../nav';
