// Typed errors of the placement planner: every plan that cannot be honoured is refused here,
// before any session is created, with the device that runs short and by how much.
import { MppError } from '../../shared/errors'

export type PlacementErrorCode = 'DOES_NOT_FIT' | 'BAD_REQUEST' | 'BAD_MAP' | 'UNKNOWN_DEVICE'

export class PlacementError extends MppError {
  declare readonly code: PlacementErrorCode
  constructor(
    code: PlacementErrorCode,
    message: string,
    readonly shortfall?: { device: string; neededBytes: number; budgetBytes: number }
  ) {
    super(code, message)
  }
}
