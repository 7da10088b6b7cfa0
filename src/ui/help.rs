//! The keyboard shortcuts overlay (`?`).

use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct HelpProps {
    pub on_close: Callback<MouseEvent>,
}

const SHORTCUTS: [(&str, &str); 13] = [
    ("Tab", "move between processes, messages and controls"),
    ("Enter or Space on a process", "select it; on a second process, send a message from the first"),
    ("S on a process", "start a snapshot at that process"),
    ("Enter or Space on a message", "deliver it (only the head of a FIFO channel)"),
    ("N or .", "step: deliver one message chosen at random (seeded)"),
    ("R", "run or pause"),
    ("U or Ctrl+Z", "undo"),
    ("Y or Ctrl+Shift+Z", "redo"),
    ("Arrow keys, Home, End", "on the space-time diagram: go through its events, each explained below it"),
    ("Arrow keys, Home, End", "on the Timeline: move through the steps of the run"),
    ("PageDown, PageUp", "in presentation mode (a presenter's clicker): step, undo"),
    ("Escape", "close a dialog, else clear the selection"),
    ("?", "show or hide this list"),
];

#[function_component(Help)]
pub fn help(props: &HelpProps) -> Html {
    let close = use_node_ref();
    {
        let close = close.clone();
        use_effect_with((), move |_| {
            if let Some(b) = close.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        });
    }
    // Modal: Tab stays on the dialog's one control.
    let on_key = Callback::from(|e: KeyboardEvent| {
        if e.key() == "Tab" {
            e.prevent_default();
        }
    });
    html! {
        <div class="overlay">
            <div class="dialog" role="dialog" aria-modal="true" aria-labelledby="help-title" onkeydown={on_key}>
                <h2 id="help-title">{"Keyboard shortcuts"}</h2>
                <dl>
                    { for SHORTCUTS.iter().map(|(k, v)| html! { <><dt><kbd>{*k}</kbd></dt><dd>{*v}</dd></> }) }
                </dl>
                <button ref={close} type="button" onclick={props.on_close.clone()}>{"Close"}</button>
            </div>
        </div>
    }
}
