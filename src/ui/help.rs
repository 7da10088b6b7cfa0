//! The keyboard shortcuts overlay (`?`).

use crate::en;
use crate::i18n::{tr, translate};
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct HelpProps {
    pub on_close: Callback<MouseEvent>,
}

/// Each key and what it does, in English (translated where the list is shown).
const SHORTCUTS: [(&str, &str); 13] = [
    (en!("Tab"), en!("move between processes, messages and controls")),
    (en!("Enter or Space on a process"), en!("select it; on a second process, send a message from the first")),
    (en!("S on a process"), en!("start a snapshot at that process")),
    (en!("Enter or Space on a message"), en!("deliver it (only the head of a FIFO channel)")),
    (en!("N or ."), en!("step: deliver one message chosen at random (seeded)")),
    (en!("R"), en!("run or pause")),
    (en!("U or Ctrl+Z"), en!("undo")),
    (en!("Y or Ctrl+Shift+Z"), en!("redo")),
    (en!("Arrow keys, Home, End"), en!("on the space-time diagram: go through its events, each explained below it")),
    (en!("Arrow keys, Home, End"), en!("on the Timeline: move through the steps of the run")),
    (
        en!("PageDown, PageUp"),
        en!("in presentation mode (a presenter's clicker): forward (redo, or step at the run's end), back (undo)"),
    ),
    (en!("Escape"), en!("close a dialog, else clear the selection")),
    (en!("?"), en!("show or hide this list")),
];

/// The dialog; the page focuses its Close button when it opens (`app`'s keyboard effect).
pub fn help(props: &HelpProps) -> Html {
    // Modal: Tab stays on the dialog's one control.
    let on_key = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Tab" {
            e.prevent_default();
        }
    });
    html! {
        <div class="overlay">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="help-title" onkeydown={on_key}>
                <h2 id="help-title">{tr("Keyboard shortcuts")}</h2>
                <dl>
                    { for SHORTCUTS.iter().map(|(k, v)| html! { <><dt><kbd>{translate(k)}</kbd></dt><dd>{translate(v)}</dd></> }) }
                </dl>
                <button id="help-close" type="button" onclick={props.on_close.clone()}>{tr("Close")}</button>
            </div>
        </div>
    }
}
