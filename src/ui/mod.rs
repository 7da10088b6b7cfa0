//! The Yew front end (wasm32 only): the lab page (`root` picks the snapshot lab's `app` or the
//! multicast lab, `multicast/`, from the URL fragment) and its browser glue. State lives in one
//! reducer, the page's `Lab` (`crate::view::page`, plain Rust tested natively), which this
//! module makes Yew's; each component is one file; the geometry comes from `crate::view`.

use std::rc::Rc;

use crate::view::page::{Lab, LabAction};

pub mod api;
mod app;
mod browser;
mod cut_panel;
mod event_log;
mod exercise_panel;
mod export_panel;
mod files;
mod header;
mod help;
mod lesson_panel;
mod motion;
mod multicast;
mod naive_panel;
mod panes;
mod process_actions;
mod pseudocode;
mod reordered_run;
mod root;
mod rules_settings;
mod rules_view;
mod scenario_editor;
mod snapshot_panel;
mod spacetime_view;
mod timeline;
mod toolbar;
mod topology_view;

/// Mounts the lab into the page's `<main id="app">`, replacing the loading message, in the
/// language `www/boot.js` chose (its catalog is `window.snapshotLabCatalog`).
pub fn start() {
    browser::install_catalog();
    let root = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id("app"));
    match root {
        Some(root) => {
            root.set_inner_html("");
            yew::Renderer::<root::Root>::with_root(root).render();
        }
        None => {
            yew::Renderer::<root::Root>::new().render();
        }
    }
}

/// The page's state as Yew's reducer: [`Lab::update`] does the work.
impl yew::Reducible for Lab {
    type Action = LabAction;

    fn reduce(self: Rc<Self>, action: LabAction) -> Rc<Self> {
        self.update(action)
    }
}
