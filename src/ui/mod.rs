//! The Yew front end (wasm32 only).

pub fn start() {}
