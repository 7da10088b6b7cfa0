//! The entry point: on wasm32 it mounts the web app; natively it is the `snapshot-lab` CLI.

#[cfg(not(target_arch = "wasm32"))]
mod cli;

#[cfg(target_arch = "wasm32")]
fn main() {
    snapshot_lab::ui::start();
}

/// A deliberate panic, to rehearse what a bug in the page looks like: `www/boot.js` shows its
/// fault panel (with the link and a report to copy) instead of a dead page. The end-to-end tests
/// call it as `snapshotLab.faultDrill()`.
#[cfg(target_arch = "wasm32")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn fault_drill() {
    panic!("fault drill");
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    std::process::exit(cli::main());
}

/// `snapshotLab.load(link or text)`, `act(action)`, `log()`, `link()`, `text()`, `json()` (`www/boot.js`): the page's
/// scripting API, `snapshot_lab::ui::api`.
#[cfg(target_arch = "wasm32")]
mod api {
    use wasm_bindgen::prelude::*;

    #[wasm_bindgen]
    pub fn api_load(scenario: &str) -> Result<js_sys::Promise, JsValue> {
        snapshot_lab::ui::api::load(scenario)
    }

    #[wasm_bindgen]
    pub fn api_act(action: JsValue) -> Result<(), JsValue> {
        snapshot_lab::ui::api::act(action)
    }

    #[wasm_bindgen]
    pub fn api_log() -> Result<JsValue, JsValue> {
        snapshot_lab::ui::api::log()
    }

    #[wasm_bindgen]
    pub fn api_link() -> String {
        snapshot_lab::ui::api::current_link()
    }

    #[wasm_bindgen]
    pub fn api_text() -> Result<js_sys::Promise, JsValue> {
        snapshot_lab::ui::api::export("text")
    }

    #[wasm_bindgen]
    pub fn api_json() -> Result<js_sys::Promise, JsValue> {
        snapshot_lab::ui::api::export("json")
    }
}
