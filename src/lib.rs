//! Snapshot Lab: run the Chandy–Lamport global snapshot algorithm with your own hands.
//!
//! Layers, one direction: [`sim`] (the pure algorithm core) ← [`teach`] (the lesson and the
//! exercises, pure) and [`view`] (pure presentation geometry) ← `ui` (Yew components, wasm32
//! only). See `ARCHITECTURE.md`.

pub mod formats;
pub mod i18n;
pub mod sim;
pub mod teach;
pub mod view;

#[cfg(target_arch = "wasm32")]
pub mod ui;
