// Each order line's units by state (F22), shared by the tracking page, the order page and the server.
export interface LineStates {
  unfulfilled: number;
  packed: number;
  shipped: number;
  delivered: number;
  returned: number;
}
