//! The entry point: on wasm32 it mounts the web app; natively it is the `snapshot-lab` CLI.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(target_arch = "wasm32")]
fn main() {
    snapshot_lab::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::main());
}
