//! Files in and out of the lab: the toolbar's "Export…" button and its dialog (Mermaid
//! topology and run, ShiViz log with its parser regex, scenario text, the run's JSON, and each
//! diagram as SVG or PNG at 2×), and "Open file…" (a file picker, and files dropped anywhere
//! on the page): a scenario text, a run's JSON, a ShiViz log, or a COS 418 `.top` + `.events`
//! pair, whose snapshots are shown in the `.snap` format. A file that cannot be opened gets an
//! alert naming the file, the line and what is wrong; the current run stays as it was.
//!
//! Every export is made from the scenario's link when its button is pressed, so it is the same
//! document `snapshot-lab` makes from that link (`replay --json`, `export`, `text`).
//! [`ExportMenu`] is the "Export…" button and its dialog alone: the multicast lab's toolbar has
//! it too, with a multicast run's exports (its text, JSON, Mermaid, ShiViz, and its group and
//! space-time diagrams).

use crate::en;
use crate::i18n::{tr, translate};
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::browser;
use super::files::{self, SvgImage};

use crate::formats::link;
use crate::formats::shiviz;
use crate::view::page::{Lab, LabAction, Notice};

#[derive(Properties, Clone)]
pub struct FileMenuProps {
    /// The scenario's `v1.` link ([`Lab::link`]): what every export is made from.
    pub link: Rc<str>,
    pub dispatch: UseReducerDispatcher<Lab>,
    /// Open the Export dialog at once (`&open=export`).
    #[prop_or_default]
    pub open_export: bool,
    /// The scenario's name ([`Lab::name`]), in every export's file name.
    #[prop_or_default]
    pub name: AttrValue,
}

impl PartialEq for FileMenuProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.link, &other.link) && self.name == other.name
    }
}

/// The file exports, in the dialog's order: button text, file name, MIME type.
#[derive(Clone, Copy, PartialEq)]
enum Export {
    MermaidTopology,
    MermaidRun,
    MermaidRules,
    ShiViz,
    Text,
    Json,
    Svg(Diagram),
    Png(Diagram),
}

#[derive(Clone, Copy, PartialEq)]
enum Diagram {
    /// The space-time diagram of either lab (one lab is on the page at a time).
    SpaceTime,
    Process,
    /// The multicast lab's group (img `Group`).
    Group,
}

impl Diagram {
    fn selector(self) -> &'static str {
        match self {
            Diagram::SpaceTime => "figure.spacetime svg, .mc-spacetime svg[role=img]",
            Diagram::Process => "svg.topology",
            Diagram::Group => "svg.mc-ring",
        }
    }
    /// What the file holds, in its name ([`crate::formats::export::file_name`]).
    fn what(self) -> &'static str {
        match self {
            Diagram::SpaceTime => "space-time",
            Diagram::Process => "processes",
            Diagram::Group => "group",
        }
    }
}

const EXPORTS: [(&str, Export); 10] = [
    (en!("Mermaid topology (.mmd)"), Export::MermaidTopology),
    (en!("Mermaid run (.mmd)"), Export::MermaidRun),
    (en!("Mermaid marker rules (.mmd)"), Export::MermaidRules),
    (en!("ShiViz log (.log)"), Export::ShiViz),
    (en!("Scenario text (.txt)"), Export::Text),
    (en!("Run JSON (.json)"), Export::Json),
    (en!("Space-time diagram (SVG)"), Export::Svg(Diagram::SpaceTime)),
    (en!("Space-time diagram (PNG 2×)"), Export::Png(Diagram::SpaceTime)),
    (en!("Process diagram (SVG)"), Export::Svg(Diagram::Process)),
    (en!("Process diagram (PNG 2×)"), Export::Png(Diagram::Process)),
];

/// A multicast run's exports (`formats::job::MULTICAST_EXPORTS` and its two diagrams), with the
/// snapshot lab's names where they mean the same.
const MULTICAST_EXPORTS: [(&str, Export); 8] = [
    (en!("Scenario text (.txt)"), Export::Text),
    (en!("Run JSON (.json)"), Export::Json),
    (en!("Mermaid run (.mmd)"), Export::MermaidRun),
    (en!("ShiViz log (.log)"), Export::ShiViz),
    (en!("Group diagram (SVG)"), Export::Svg(Diagram::Group)),
    (en!("Group diagram (PNG 2×)"), Export::Png(Diagram::Group)),
    (en!("Space-time diagram (SVG)"), Export::Svg(Diagram::SpaceTime)),
    (en!("Space-time diagram (PNG 2×)"), Export::Png(Diagram::SpaceTime)),
];

/// The worker's name of a text export (`formats::job::EXPORTS`).
fn job_format(export: Export) -> Option<&'static str> {
    Some(match export {
        Export::MermaidTopology => "mermaid-flowchart",
        Export::MermaidRun => "mermaid-sequence",
        Export::MermaidRules => "mermaid-rules",
        Export::ShiViz => "shiviz",
        Export::Text => "text",
        Export::Json => "json",
        Export::Svg(_) | Export::Png(_) => return None,
    })
}

fn live_svg(diagram: Diagram) -> Option<SvgImage> {
    let document = web_sys::window()?.document()?;
    files::serialize_svg(&document.query_selector(diagram.selector()).ok()??)
}

/// Keeps Tab and Shift+Tab inside a modal dialog; Escape calls `close`. Keys do not reach the
/// page's shortcuts while a dialog is open.
fn modal_keys(close: Callback<()>) -> Callback<KeyboardEvent> {
    Callback::from(move |e: KeyboardEvent| {
        e.stop_propagation();
        if e.key() == "Escape" {
            e.prevent_default();
            close.emit(());
            return;
        }
        if e.key() != "Tab" {
            return;
        }
        let Some(dialog) = e.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
        let Ok(list) = dialog.query_selector_all("button, textarea, a[href]") else { return };
        let (Some(first), Some(last)) = (list.item(0), list.length().checked_sub(1).and_then(|i| list.item(i))) else {
            return;
        };
        let active = web_sys::window().and_then(|w| w.document()).and_then(|d| d.active_element());
        let at = |n: &web_sys::Node| active.as_ref().is_some_and(|a| a.is_same_node(Some(n)));
        let target = if e.shift_key() && at(&first) {
            Some(last)
        } else if !e.shift_key() && at(&last) {
            Some(first)
        } else {
            None
        };
        if let Some(el) = target.and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
            e.prevent_default();
            let _ = el.focus();
        }
    })
}

/// Focuses the first button inside `node` (a dialog that just opened).
fn focus_first(node: &NodeRef) {
    if let Some(b) = node
        .cast::<web_sys::Element>()
        .and_then(|el| el.query_selector("button").ok().flatten())
        .and_then(|b| b.dyn_into::<web_sys::HtmlElement>().ok())
    {
        let _ = b.focus();
    }
}

/// A modal dialog named by its heading.
fn dialog(
    node: &NodeRef,
    class: &'static str,
    id: &'static str,
    title: &'static str,
    close: Callback<()>,
    body: Html,
) -> Html {
    html! {
        <div class="overlay">
            <div ref={node.clone()} class={classes!("dialog", class)} role="dialog" aria-modal="true" aria-labelledby={id}
                onkeydown={modal_keys(close)}>
                <h2 {id}>{title}</h2>
                { body }
            </div>
        </div>
    }
}

/// The "Export…" button and its dialog, for either lab's run.
#[derive(Properties, Clone)]
pub struct ExportMenuProps {
    /// The run's link (`v1.` or `v1.mc.`): what every export is made from.
    pub link: Rc<str>,
    /// The run's name, in every export's file name.
    #[prop_or_default]
    pub name: AttrValue,
    /// Open the dialog at once.
    #[prop_or_default]
    pub open: bool,
    /// A multicast run's exports, not the snapshot lab's.
    #[prop_or_default]
    pub multicast: bool,
}

impl PartialEq for ExportMenuProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.link, &other.link)
            && self.name == other.name
            && self.open == other.open
            && self.multicast == other.multicast
    }
}

#[function_component(ExportMenu)]
pub fn export_menu(props: &ExportMenuProps) -> Html {
    let export_open = use_state(|| props.open);
    // What the last export did (the Export dialog's status line).
    let said = use_state(String::new);
    let export_button = use_node_ref();
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(*export_open, move |_| focus_first(&node));
    }
    let close_export = {
        let export_open = export_open.clone();
        let export_button = export_button.clone();
        Callback::from(move |()| {
            export_open.set(false);
            if let Some(b) = export_button.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
        })
    };
    let on_export = |export: Export| {
        let link = props.link.clone();
        let scenario = props.name.clone();
        let said = said.clone();
        Callback::from(move |_: MouseEvent| {
            let saved = |name: &str, ok: bool| -> String {
                if ok {
                    crate::tf!("Saved {0}.", name)
                } else {
                    crate::tf!("The browser did not save {0}.", name)
                }
            };
            match export {
                Export::Svg(d) | Export::Png(d) => {
                    let Some(image) = live_svg(d) else {
                        return said.set(tr("That diagram is not on the page now: open the lab first.").into());
                    };
                    if matches!(export, Export::Svg(_)) {
                        let name = crate::formats::export::file_name(&scenario, d.what(), "svg");
                        said.set(saved(&name, files::download_text(&name, "image/svg+xml", &image.markup)));
                    } else {
                        let name = crate::formats::export::file_name(&scenario, d.what(), "png");
                        let said = said.clone();
                        files::download_png(&name.clone(), &image, move |ok| said.set(saved(&name, ok)));
                    }
                }
                _ => {
                    let Some(format) = job_format(export) else { return };
                    let said = said.clone();
                    files::ask(&["export", format, &link, &scenario], move |answer| match answer.as_slice() {
                        [ok, name, mime, content] if ok == "ok" => {
                            said.set(saved(name, files::download_text(name, mime, content)))
                        }
                        [_, message, ..] => said.set(crate::tf!("Could not export: {0}.", message)),
                        _ => said.set(tr("Could not export.").into()),
                    });
                }
            }
        })
    };

    let export_dialog = export_open.then(|| {
        let on_copy_regex = {
            let said = said.clone();
            Callback::from(move |_: MouseEvent| {
                let said = said.clone();
                browser::copy(shiviz::DEFAULT_REGEX, move |ok| {
                    said.set(if ok {
                        tr("Regex copied.").into()
                    } else {
                        tr("The browser did not let the page copy.").into()
                    })
                });
            })
        };
        let list: &[(&str, Export)] = if props.multicast { &MULTICAST_EXPORTS } else { &EXPORTS };
        let buttons = list.iter().map(|&(label, export)| {
            html! { <li><button type="button" onclick={on_export(export)}>{translate(label)}</button></li> }
        });
        let close = close_export.clone();
        let body = html! {
            <>
                <p class="hint">{tr("The whole run, as files for other tools, slides and notes.")}</p>
                <ul class="export-list">{ for buttons }</ul>
                <p class="regex-line">
                    <span id="shiviz-regex-label">{tr("ShiViz parser regex (paste it into ShiViz):")}</span>
                    <code aria-labelledby="shiviz-regex-label">{shiviz::DEFAULT_REGEX}</code>
                    <button type="button" onclick={on_copy_regex}>{tr("Copy regex")}</button>
                </p>
                <p class="export-said" role="status">{(*said).clone()}</p>
                <button type="button" onclick={Callback::from(move |_| close.emit(()))}>{tr("Close")}</button>
            </>
        };
        dialog(&node, "export-dialog", "export-title", tr("Export"), close_export.clone(), body)
    });
    let open_export = {
        let export_open = export_open.clone();
        let said = said.clone();
        Callback::from(move |_: MouseEvent| {
            said.set(String::new());
            export_open.set(true);
        })
    };
    html! {
        <>
            <button ref={export_button} type="button" aria-haspopup="dialog" onclick={open_export}>{tr("Export…")}</button>
            { export_dialog.unwrap_or_default() }
        </>
    }
}

/// The toolbar's "Export…" and "Open file…" buttons, their dialogs, and the page's drop target.
#[function_component(FileMenu)]
pub fn file_menu(props: &FileMenuProps) -> Html {
    let snaps = use_state(|| None::<(String, Rc<str>)>);
    let input = use_node_ref();
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with(snaps.is_some(), move |_| focus_first(&node));
    }

    // Opens what was chosen or dropped; a problem leaves the run as it was.
    // A problem is the page's notice (role alert), seen wherever the file came from: the Open
    // file… button in the More menu, or a drop anywhere on the page with the menu closed.
    let on_files = {
        let dispatch = props.dispatch.clone();
        let snaps = snaps.clone();
        Callback::from(move |list: web_sys::FileList| {
            let dispatch = dispatch.clone();
            let snaps = snaps.clone();
            files::read_files(list, move |read| {
                let files = match read {
                    Ok(files) => files,
                    Err(name) => {
                        return dispatch.dispatch(LabAction::Warn(crate::tf!(
                            "Could not read {0}. The current run is unchanged.",
                            name
                        )));
                    }
                };
                let mut request = vec!["open"];
                for (name, text) in &files {
                    request.push(name);
                    request.push(text);
                }
                files::ask(&request, move |answer| {
                    let message = match answer.as_slice() {
                        [op, link, what, snap_text] if op == "opened" => match link::decode(link) {
                            Ok(scenario) => {
                                if !snap_text.is_empty() {
                                    snaps.set(Some((what.clone(), Rc::from(snap_text.as_str()))));
                                }
                                let notice = Notice { text: crate::tf!("Opened {0}.", what), problem: false };
                                let notice = Some(notice);
                                return dispatch.dispatch(LabAction::Load { scenario, preset: String::new(), notice });
                            }
                            Err(e) => crate::tf!("it: {0}", e),
                        },
                        [_, message, ..] => message.clone(),
                        _ => tr("the file").into(),
                    };
                    dispatch.dispatch(LabAction::Warn(crate::tf!(
                        "Could not open {0}. The current run is unchanged.",
                        message
                    )));
                });
            });
        })
    };
    {
        let on_files = on_files.clone();
        use_effect_with((), move |_| {
            let listener = files::DropListener::new(move |list| on_files.emit(list));
            move || drop(listener)
        });
    }
    let on_open = {
        let input = input.clone();
        Callback::from(move |_: MouseEvent| {
            if let Some(input) = input.cast::<web_sys::HtmlInputElement>() {
                input.set_value("");
                input.click();
            }
        })
    };
    let on_chosen = Callback::from(move |e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        if let Some(list) = input.files().filter(|l| l.length() > 0) {
            on_files.emit(list);
        }
    });
    let snap_dialog = (*snaps).clone().map(|(title, text)| {
        let close = {
            let snaps = snaps.clone();
            Callback::from(move |()| snaps.set(None))
        };
        let on_save = {
            let text = text.clone();
            Callback::from(move |_: MouseEvent| {
                files::download_text("snapshots.snap", "text/plain;charset=utf-8", &text);
            })
        };
        let close_button = close.clone();
        let body = html! {
            <>
                <p class="hint">{crate::tf!("{0}, under the course's rules; the run is open in the lab.", title.replacen("the ", "The ", 1))}</p>
                <pre class="snap-text" aria-label={tr(".snap text")} tabindex="0">{text.to_string()}</pre>
                <div class="action-buttons">
                    <button type="button" onclick={on_save}>{tr("Save .snap")}</button>
                    <button type="button" onclick={Callback::from(move |_| close_button.emit(()))}>{tr("Close")}</button>
                </div>
            </>
        };
        dialog(&node, "snap-dialog", "snap-title", tr("COS 418 snapshots"), close, body)
    });
    html! {
        <>
            <ExportMenu link={props.link.clone()} name={props.name.clone()} open={props.open_export} />
            <button type="button" onclick={on_open}>{tr("Open file…")}</button>
            <input ref={input} class="file-input" type="file" multiple=true tabindex="-1" aria-hidden="true"
                accept=".txt,.scenario,.json,.log,.top,.events,.delays,text/plain,application/json" onchange={on_chosen} />
            { snap_dialog.unwrap_or_default() }
        </>
    }
}
