//! The scenario editor (edit mode of the process and channel diagram): the draft's processes
//! and channels drawn as in the lab, and beside them a form that does every edit by keyboard.
//! Pointer: drag a process onto another to add a channel (with "Both directions", both ways),
//! drag it onto empty space to move it, double-click empty space to add a process there.
//! A click or tap on a process (or Enter or F2 on it) edits its label and initial state in
//! place: a small form over the diagram ("Edit P2 in place": "Label of P2", "Initial balance of
//! P2"), Enter or Save keeps, Escape or Cancel leaves; a refusal is said beside its field, which
//! keeps what was typed.
//! Keyboard: the arrow keys move a focused process, Delete removes it; the form names every
//! process and channel ("Label of P1", "Balance of P1", "Remove P3", "Channel P1 to P2:
//! remove"). Done editing runs the scenario (or says why it cannot run yet); Cancel keeps the
//! old one. Copy exercise link and Copy embed link share the scenario as it stands.
//! The state is `view::page::editor`; this only draws it and dispatches its edits.

use std::rc::Rc;

use yew::prelude::*;

use super::browser;
use crate::i18n::tr;
use crate::sim::{process_name, Discipline, ProcessId, Unit};
use crate::view::page::editor::{embed_fragment, exercise_fragment, typed_initial, typed_label};
use crate::view::page::{Edit, EditAction, Editing, Lab, LabAction};
use crate::view::topology_layout::{channel_lines, label_lines, process_at, view_size, PROCESS_RADIUS};
use crate::view::{n, screen_to_model, Point};

#[derive(Properties, Clone)]
pub struct ScenarioEditorProps {
    pub editing: Rc<Editing>,
    pub dispatch: UseReducerDispatcher<Lab>,
}

impl PartialEq for ScenarioEditorProps {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.editing, &other.editing)
    }
}

#[derive(Clone, Copy, Debug, PartialEq)]
struct Drag {
    process: ProcessId,
    start: Point,
    now: Point,
    moved: bool,
}

/// A point in whole diagram units.
fn units(p: Point) -> (u16, u16) {
    (p.x.round().max(0.0) as u16, p.y.round().max(0.0) as u16)
}

/// `Balance of P1` or `Tokens of P1`.
fn state_name(unit: Unit, p: ProcessId) -> String {
    match unit {
        Unit::Balance => crate::tf!("Balance of {0}", process_name(p)),
        Unit::Tokens => crate::tf!("Tokens of {0}", process_name(p)),
    }
}

/// The "Edit scenario" button, shown over the process and channel diagram in the lab.
#[derive(Properties, PartialEq, Clone)]
pub struct EditButtonProps {
    pub dispatch: UseReducerDispatcher<Lab>,
}

#[function_component(EditButton)]
pub fn edit_button(props: &EditButtonProps) -> Html {
    let dispatch = props.dispatch.clone();
    let onclick = Callback::from(move |_: MouseEvent| dispatch.dispatch(LabAction::Edit(EditAction::Start)));
    html! { <button type="button" class="edit-scenario" aria-pressed="false" {onclick}>{tr("Edit scenario")}</button> }
}

/// `Initial balance of P1` or `Initial tokens of P1`.
fn initial_name(unit: Unit, p: ProcessId) -> String {
    match unit {
        Unit::Balance => crate::tf!("Initial balance of {0}", process_name(p)),
        Unit::Tokens => crate::tf!("Initial tokens of {0}", process_name(p)),
    }
}

#[derive(Properties, PartialEq, Clone)]
struct InPlaceProps {
    process: ProcessId,
    /// The label as the field starts (empty: the process's name).
    label: String,
    initial: i64,
    unit: Unit,
    /// Where the process is drawn, in CSS pixels from the diagram box's top left, and its
    /// radius there.
    at: (f64, f64, f64),
    /// The process is low in the diagram: open above it if there is room.
    above: bool,
    /// The edits to make (none when nothing changed), or `None`: cancelled.
    on_close: Callback<Option<Vec<Edit>>>,
}

/// The form that edits a process's label and initial state in place, over the diagram.
#[function_component(InPlace)]
fn in_place(props: &InPlaceProps) -> Html {
    let p = props.process;
    let label = use_state(|| props.label.clone());
    let initial = use_state(|| props.initial.to_string());
    // What is wrong with each field, if anything (the typed text stays).
    let label_error = use_state(|| None::<String>);
    let initial_error = use_state(|| None::<String>);
    // Where it goes, by the CSSOM (the page's Content-Security-Policy refuses style attributes).
    let node = use_node_ref();
    {
        let node = node.clone();
        use_effect_with((props.at, props.above), move |&((x, y, r), low)| {
            let Some(el) = node.cast::<web_sys::HtmlElement>() else { return };
            // Above a process low in the diagram when it fits there with room for refusals
            // (held by its bottom, so that a refusal said in it grows it upwards), else below.
            let height = f64::from(el.offset_height()) + 120.0;
            let room = el.parent_element().map_or(0.0, |b| f64::from(b.client_height()));
            let style = el.style();
            let _ = style
                .set_property("left", &format!("clamp(0px, calc({x:.0}px - 8rem), calc(100% - min(16rem, 100%)))"));
            if low && y - r - 6.0 - height >= 0.0 {
                let _ = style.set_property("top", "auto");
                let _ = style.set_property("bottom", &format!("{:.0}px", room - (y - r - 6.0)));
            } else {
                let _ = style.set_property("top", &format!("{:.0}px", y + r + 6.0));
                let _ = style.set_property("bottom", "auto");
            }
        });
    }
    // Opened (once placed): the keyboard goes to the label.
    use_effect_with(p, |_| browser::focus("in-place-label"));
    let save = {
        let (label, initial) = (label.clone(), initial.clone());
        let (label_error, initial_error) = (label_error.clone(), initial_error.clone());
        let (on_close, old_label, old_initial) = (props.on_close.clone(), props.label.clone(), props.initial);
        Callback::from(move |_: ()| {
            let typed_l = typed_label(p, &label);
            let typed_i = typed_initial(p, &initial);
            label_error.set(typed_l.as_ref().err().cloned());
            initial_error.set(typed_i.as_ref().err().cloned());
            match (typed_l, typed_i) {
                (Ok(l), Ok(i)) => {
                    let mut edits = Vec::new();
                    if l != old_label {
                        edits.push(Edit::SetLabel(p, l));
                    }
                    if i != old_initial {
                        edits.push(Edit::SetInitial(p, i));
                    }
                    on_close.emit(Some(edits));
                }
                (Err(_), _) => browser::focus("in-place-label"),
                (Ok(_), Err(_)) => browser::focus("in-place-initial"),
            }
        })
    };
    // Enter in a field keeps; Escape anywhere in the form leaves.
    let on_key = {
        let save = save.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" {
                e.prevent_default();
                save.emit(());
            }
        })
    };
    let on_escape = {
        let on_close = props.on_close.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Escape" {
                e.prevent_default();
                e.stop_propagation();
                on_close.emit(None);
            }
        })
    };
    let typing = |state: UseStateHandle<String>| {
        Callback::from(move |e: InputEvent| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            state.set(input.value());
        })
    };
    let on_save = {
        let save = save.clone();
        Callback::from(move |_: MouseEvent| save.emit(()))
    };
    let on_cancel = {
        let on_close = props.on_close.clone();
        Callback::from(move |_: MouseEvent| on_close.emit(None))
    };
    let name = process_name(p);
    let error = |id: &str, message: &Option<String>| match message {
        Some(text) => html! { <p id={id.to_string()} class="in-place-error" role="alert">{text.clone()}</p> },
        None => html! {},
    };
    html! {
        <div ref={node} class="in-place" role="group" aria-labelledby="in-place-title" onkeydown={on_escape}>
            <p id="in-place-title" class="in-place-title">{crate::tf!("Edit {0} in place", name.clone())}</p>
            <label for="in-place-label">{tr("Label")}</label>
            <input id="in-place-label" type="text" aria-label={crate::tf!("Label of {0}", name.clone())}
                value={(*label).clone()} placeholder={name.clone()} autocomplete="off" spellcheck="false"
                aria-invalid={label_error.is_some().to_string()}
                aria-describedby={if label_error.is_some() { "in-place-label-error" } else { "in-place-hint" }}
                oninput={typing(label.clone())} onkeydown={on_key.clone()} />
            { error("in-place-label-error", &label_error) }
            <label for="in-place-initial">{ if props.unit == Unit::Tokens { tr("Initial tokens") } else { tr("Initial balance") } }</label>
            <input id="in-place-initial" type="text" inputmode="numeric" aria-label={initial_name(props.unit, p)}
                value={(*initial).clone()} autocomplete="off"
                aria-invalid={initial_error.is_some().to_string()}
                aria-describedby={if initial_error.is_some() { "in-place-initial-error" } else { "in-place-hint" }}
                oninput={typing(initial.clone())} onkeydown={on_key} />
            { error("in-place-initial-error", &initial_error) }
            <p id="in-place-hint" class="hint">{crate::tf!("Enter keeps, Escape leaves. An empty label shows {0}.", name)}</p>
            <div class="in-place-actions">
                <button type="button" onclick={on_save}>{tr("Save")}</button>
                <button type="button" onclick={on_cancel}>{tr("Cancel")}</button>
            </div>
        </div>
    }
}

#[function_component(ScenarioEditor)]
pub fn scenario_editor(props: &ScenarioEditorProps) -> Html {
    let svg = use_node_ref();
    let diagram_box = use_node_ref();
    let drag = use_state(|| None::<Drag>);
    // The process whose label and initial state are being edited in place, if any.
    let open = use_state(|| None::<ProcessId>);
    let both = use_state(|| true);
    let channel_from = use_state(|| 0usize);
    let channel_to = use_state(|| 1usize);
    // Opened: the keyboard goes on from the editor's heading.
    use_effect_with((), |_| browser::focus("editor-heading"));
    // As in the lab's diagram: a finger on a process drags it, anywhere else it scrolls the
    // page (the svg lets the page pan; a touch that starts on a process cancels the pan).
    {
        let svg = svg.clone();
        use_effect_with((), move |_| {
            let guard = svg.cast::<web_sys::Element>().and_then(|target| {
                browser::Listener::new(target.into(), "touchstart", |e| {
                    let on_process = e
                        .target()
                        .and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::Element>(t).ok())
                        .and_then(|el| el.closest(".process").ok().flatten())
                        .is_some();
                    if on_process {
                        e.prevent_default();
                    }
                })
            });
            move || drop(guard)
        });
    }
    let editing = &props.editing;
    let draft = &editing.draft;
    let count = draft.process_count();
    let positions = draft.layout();
    let view = view_size(count);
    let geometry = channel_lines(&draft.channels, &positions);
    let dispatch = props.dispatch.clone();
    let problem = draft.problem();
    let apply = {
        let dispatch = dispatch.clone();
        Callback::from(move |edit: Edit| dispatch.dispatch(LabAction::Edit(EditAction::Apply(edit))))
    };
    let model = {
        let svg = svg.clone();
        move |x: i32, y: i32| -> Option<Point> {
            let el = svg.cast::<web_sys::Element>()?;
            let r = el.get_bounding_client_rect();
            Some(screen_to_model(
                Point { x: f64::from(x), y: f64::from(y) },
                (r.left(), r.top(), r.width(), r.height()),
                view,
            ))
        }
    };

    let on_pointer_move = {
        let drag = drag.clone();
        let model = model.clone();
        Callback::from(move |e: PointerEvent| {
            if let (Some(d), Some(point)) = (*drag, model(e.client_x(), e.client_y())) {
                let moved = d.moved || d.start.distance(point) > 14.0;
                drag.set(Some(Drag { now: point, moved, ..d }));
            }
        })
    };
    let on_pointer_up = {
        let drag = drag.clone();
        let model = model.clone();
        let positions = positions.clone();
        let apply = apply.clone();
        let both = *both;
        let open = open.clone();
        Callback::from(move |e: PointerEvent| {
            let Some(d) = *drag else { return };
            drag.set(None);
            // A click or a tap that did not move: edit the process in place.
            if !d.moved {
                open.set(Some(d.process));
                return;
            }
            let point =
                if e.pointer_type() == "touch" { d.now } else { model(e.client_x(), e.client_y()).unwrap_or(d.now) };
            match process_at(&positions, point) {
                Some(to) if to != d.process => apply.emit(Edit::AddChannel { from: d.process, to, both }),
                Some(_) => {}
                None => apply.emit(Edit::Move(d.process, units(point))),
            }
        })
    };
    let on_pointer_cancel = {
        let drag = drag.clone();
        Callback::from(move |_: PointerEvent| drag.set(None))
    };
    let on_double_click = {
        let model = model.clone();
        let positions = positions.clone();
        let apply = apply.clone();
        let open = open.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(point) = model(e.client_x(), e.client_y()) {
                match process_at(&positions, point) {
                    None => apply.emit(Edit::AddProcess { at: Some(units(point)) }),
                    // A double-click on a process edits it in place.
                    Some(p) => open.set(Some(p)),
                }
            }
        })
    };

    let channels = geometry.iter().map(|g| {
        let c = g.channel;
        html! {
            <g key={format!("c{}-{}", c.from, c.to)} class="channel" aria-hidden="true">
                <line class="channel-line" x1={n(g.start.x)} y1={n(g.start.y)} x2={n(g.end.x)} y2={n(g.end.y)}
                    stroke="#6b7280" marker-end="url(#editor-arrow)" />
            </g>
        }
    });
    let drop_target = match *drag {
        Some(Drag { process, now, moved: true, .. }) => process_at(&positions, now).filter(|&q| q != process),
        _ => None,
    };
    let processes = positions.iter().enumerate().map(|(p, at)| {
        let spec = &draft.processes[p];
        let dragged = matches!(*drag, Some(Drag { process, moved: true, .. }) if process == p && drop_target.is_none());
        let at = match *drag {
            Some(d) if dragged => d.now,
            _ => *at,
        };
        let mut name = crate::tf!("Process {0}, {1}", process_name(p), crate::i18n::say(&draft.unit.words(spec.initial)));
        if spec.label != process_name(p) {
            name = crate::tf!(
                "Process {0} ({1}), {2}",
                process_name(p),
                crate::i18n::label(&spec.label),
                crate::i18n::say(&draft.unit.words(spec.initial))
            );
        }
        let on_down = {
            let drag = drag.clone();
            let svg = svg.clone();
            let model = model.clone();
            Callback::from(move |e: PointerEvent| {
                if e.button() != 0 {
                    return;
                }
                e.stop_propagation();
                if let Some(point) = model(e.client_x(), e.client_y()) {
                    if let Some(el) = svg.cast::<web_sys::Element>() {
                        let _ = el.set_pointer_capture(e.pointer_id());
                    }
                    drag.set(Some(Drag { process: p, start: point, now: point, moved: false }));
                }
            })
        };
        let on_key = {
            let apply = apply.clone();
            let open = open.clone();
            let here = units(at);
            Callback::from(move |e: KeyboardEvent| {
                let step = if e.shift_key() { 100 } else { 20 };
                let (x, y) = here;
                let to = match e.key().as_str() {
                    "Enter" | "F2" => {
                        e.prevent_default();
                        open.set(Some(p));
                        return;
                    }
                    "ArrowLeft" => (x.saturating_sub(step), y),
                    "ArrowRight" => (x + step, y),
                    "ArrowUp" => (x, y.saturating_sub(step)),
                    "ArrowDown" => (x, y + step),
                    "Delete" => {
                        e.prevent_default();
                        apply.emit(Edit::RemoveProcess(p));
                        return;
                    }
                    _ => return,
                };
                e.prevent_default();
                apply.emit(Edit::Move(p, to));
            })
        };
        let (lines, _) = if spec.label != process_name(p) {
            label_lines(&crate::i18n::label(&spec.label))
        } else {
            (Vec::new(), false)
        };
        let state = match draft.unit {
            Unit::Balance => format!("${}", spec.initial),
            Unit::Tokens => crate::tf!("{0} tok", spec.initial),
        };
        let button = html! {
            <g key={format!("p{p}")} id={format!("editor-process-{p}")}
                class={classes!("process", (drop_target == Some(p)).then_some("drop-target"), (*open == Some(p)).then_some("selected"))}
                role="button" tabindex="0" aria-label={name} aria-keyshortcuts="Enter F2 ArrowLeft ArrowRight ArrowUp ArrowDown Delete"
                transform={format!("translate({},{})", n(at.x), n(at.y))} onpointerdown={on_down} onkeydown={on_key}>
                <circle class="process-circle" r={n(PROCESS_RADIUS)} />
                <text class="process-name" y="-12">{process_name(p)}</text>
            </g>
        };
        // As in the lab's diagram, the button shows only its name (WCAG 2.5.3); the state and
        // the label, which the name says in words, are drawn over it by a group that takes no
        // pointer.
        let info = html! {
            <g key={format!("i{p}")} class="process-info" transform={format!("translate({},{})", n(at.x), n(at.y))} aria-hidden="true">
                <text class="process-state" y="24">{state}</text>
                if !lines.is_empty() {
                    <text class="process-label" translate="no" y={n(PROCESS_RADIUS + 20.0)}>
                        { for lines.iter().enumerate().map(|(i, line)| html! {
                            <tspan x="0" dy={if i == 0 { "0" } else { "24" }}>{line.clone()}</tspan>
                        }) }
                    </text>
                }
            </g>
        };
        (button, info)
    });
    let (processes, process_info): (Vec<Html>, Vec<Html>) = processes.unzip();
    let rubber_band = match *drag {
        Some(Drag { process, now, moved: true, .. }) if drop_target.is_some() => html! {
            <line class="rubber-band" x1={n(positions[process].x)} y1={n(positions[process].y)}
                x2={n(now.x)} y2={n(now.y)} marker-end="url(#editor-band-arrow)" aria-hidden="true" />
        },
        _ => html! {},
    };

    // The form: every edit by keyboard.
    let rows = draft.processes.iter().enumerate().map(|(p, spec)| {
        let on_label = {
            let apply = apply.clone();
            Callback::from(move |e: Event| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                apply.emit(Edit::SetLabel(p, input.value()));
            })
        };
        let on_state = {
            let apply = apply.clone();
            let dispatch = dispatch.clone();
            Callback::from(move |e: Event| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                // A number field gives "" for what is not a number; the rest is checked as in
                // place (a whole number from 0 up).
                match typed_initial(p, &input.value()) {
                    _ if input.value().trim().is_empty() => {
                        dispatch.dispatch(LabAction::Say(tr("Enter a whole number.").into()))
                    }
                    Ok(v) => apply.emit(Edit::SetInitial(p, v)),
                    Err(why) => dispatch.dispatch(LabAction::Say(why)),
                }
            })
        };
        let on_remove = {
            let apply = apply.clone();
            Callback::from(move |_: MouseEvent| apply.emit(Edit::RemoveProcess(p)))
        };
        let label = if spec.label == process_name(p) { String::new() } else { spec.label.clone() };
        html! {
            <tr key={format!("row{p}-{}", draft.processes.len())}>
                <th scope="row">{process_name(p)}</th>
                <td><input type="text" id={format!("editor-label-{p}")} aria-label={crate::tf!("Label of {0}", process_name(p))} value={label}
                    placeholder={process_name(p)} maxlength="48" onchange={on_label} /></td>
                <td><input type="number" aria-label={state_name(draft.unit, p)} value={spec.initial.to_string()}
                    step="1" onchange={on_state} /></td>
                <td><button type="button" aria-label={crate::tf!("Remove {0}", process_name(p))} onclick={on_remove}
                    disabled={count <= 2}>{crate::tf!("Remove {0}", process_name(p))}</button></td>
            </tr>
        }
    });
    let channel_items = draft.channels.iter().map(|&c| {
        let on_remove = {
            let apply = apply.clone();
            Callback::from(move |_: MouseEvent| apply.emit(Edit::RemoveChannel(c)))
        };
        let (from, to) = (process_name(c.from), process_name(c.to));
        html! {
            <li key={format!("{}-{}", c.from, c.to)}>
                <button type="button" onclick={on_remove}>{crate::tf!("Channel {0} to {1}: remove", from, to)}</button>
            </li>
        }
    });
    let process_options = |chosen: usize| {
        (0..count)
            .map(|p| html! { <option value={p.to_string()} selected={p == chosen}>{process_name(p)}</option> })
            .collect::<Html>()
    };
    let pick = |state: UseStateHandle<usize>| {
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            state.set(select.value().parse().unwrap_or(0));
        })
    };
    let on_add_channel = {
        let apply = apply.clone();
        let (from, to, both) = ((*channel_from).min(count - 1), (*channel_to).min(count - 1), *both);
        Callback::from(move |_: MouseEvent| apply.emit(Edit::AddChannel { from, to, both }))
    };
    let on_both = {
        let both = both.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            both.set(input.checked());
        })
    };
    let on_fifo = {
        let apply = apply.clone();
        Callback::from(move |e: Event| {
            let input: web_sys::HtmlInputElement = e.target_unchecked_into();
            apply.emit(Edit::SetDiscipline(if input.checked() { Discipline::Fifo } else { Discipline::NonFifo }));
        })
    };
    let on_unit = {
        let apply = apply.clone();
        Callback::from(move |e: Event| {
            let select: web_sys::HtmlSelectElement = e.target_unchecked_into();
            apply.emit(Edit::SetUnit(if select.value() == "tokens" { Unit::Tokens } else { Unit::Balance }));
        })
    };
    let on_add = {
        let apply = apply.clone();
        Callback::from(move |_: MouseEvent| apply.emit(Edit::AddProcess { at: None }))
    };
    let send = |action: EditAction| {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.dispatch(LabAction::Edit(action.clone())))
    };
    // Copy a link of the scenario as it stands (when it can run).
    let copy = |fragment: fn(&crate::sim::Scenario) -> String, done: &'static str| {
        let dispatch = dispatch.clone();
        let scenario = draft.check().ok();
        Callback::from(move |_: MouseEvent| {
            let Some(s) = &scenario else { return };
            let page = browser::current_url();
            let url = format!("{}#{}", page.split('#').next().unwrap_or_default(), fragment(s));
            let dispatch = dispatch.clone();
            let copied = crate::i18n::translate(done).to_string();
            browser::copy_link(url, copied, move |said| dispatch.dispatch(LabAction::Say(said)));
        })
    };
    let on_copy_exercise = copy(
        exercise_fragment,
        crate::en!("Exercise link copied: it asks how many markers one snapshot sends on this scenario."),
    );
    let on_copy_embed =
        copy(embed_fragment, crate::en!("Embed link copied: put it in an iframe's src on a course page."));
    let runnable = problem.is_none();
    let explanation = if editing.actions > 0 {
        crate::tf!(
            "Editing works on a scenario's start. This run has {0} actions: Done editing starts the edited scenario with none (Undo brings the run back), Cancel keeps the run as it is.",
            editing.actions
        )
    } else {
        tr("Editing works on a scenario's start: Done editing runs the edited scenario; Undo then brings back the scenario as it was.").into()
    };

    // The in-place form, over the diagram where the process is drawn.
    let in_place = match *open {
        Some(p) if p < count => {
            let placed = svg.cast::<web_sys::Element>().zip(diagram_box.cast::<web_sys::Element>()).map(|(s, b)| {
                let (r, b) = (s.get_bounding_client_rect(), b.get_bounding_client_rect());
                let scale = (r.width() / view.0).min(r.height() / view.1);
                let left = r.left() - b.left() + (r.width() - view.0 * scale) / 2.0;
                let top = r.top() - b.top() + (r.height() - view.1 * scale) / 2.0;
                let at = positions[p];
                // Below the process, unless it is in the diagram's lowest part.
                ((left + at.x * scale, top + at.y * scale, PROCESS_RADIUS * scale), at.y > view.1 * 0.6)
            });
            let spec = &draft.processes[p];
            let on_close = {
                let (open, apply) = (open.clone(), apply.clone());
                Callback::from(move |edits: Option<Vec<Edit>>| {
                    for edit in edits.into_iter().flatten() {
                        apply.emit(edit);
                    }
                    open.set(None);
                    browser::focus(&format!("editor-process-{p}"));
                })
            };
            let (at, above) = placed.unwrap_or(((0.0, 0.0, 0.0), false));
            html! {
                <InPlace key={p} process={p} label={if spec.label == process_name(p) { String::new() } else { spec.label.clone() }}
                    initial={spec.initial} unit={draft.unit} {at} {above} {on_close} />
            }
        }
        _ => html! {},
    };

    html! {
        <div class="scenario-editor">
            <div class="editor-diagram" ref={diagram_box}>
            <svg ref={svg.clone()} class="topology editing" viewBox={format!("0 0 {} {}", n(view.0), n(view.1))}
                preserveAspectRatio="xMidYMid meet" aria-labelledby="editor-title"
                onpointermove={on_pointer_move} onpointerup={on_pointer_up} onpointercancel={on_pointer_cancel}
                ondblclick={on_double_click}>
                <title id="editor-title">{tr("Scenario being edited")}</title>
                <defs>
                    <marker id="editor-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                        <path d="M 0 0 L 10 5 L 0 10 z" fill="#6b7280" />
                    </marker>
                    <marker id="editor-band-arrow" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
                        <path class="band-head" d="M 0 0 L 10 5 L 0 10 z" />
                    </marker>
                </defs>
                <rect class="editor-backdrop" width={n(view.0)} height={n(view.1)} />
                { for channels }
                { for processes }
                { for process_info }
                { rubber_band }
            </svg>
            { in_place }
            </div>
            <section class="editor-form" aria-labelledby="editor-heading">
                <h3 id="editor-heading" tabindex="-1">{tr("Edit scenario")}</h3>
                <p class="hint">{tr("Drag a process onto another to add a channel, or onto empty space to move it; double-click empty space to add a process. Arrow keys move a focused process.")}</p>
                <p class="hint">{explanation}</p>
                <p class={classes!("editor-check", if runnable { "ready" } else { "not-ready" })} role="status">
                    { match &problem {
                        Some(why) => crate::tf!("The run cannot start yet: {0}", why),
                        None => tr("Ready: the run can start.").to_string(),
                    } }
                </p>
                if let Some(refused) = &editing.refusal {
                    <p class="editor-refusal" role="alert">{refused.clone()}</p>
                }
                <div class="editor-actions">
                    <button type="button" onclick={send(EditAction::Done)}>{tr("Done editing")}</button>
                    <button type="button" onclick={send(EditAction::Cancel)}>{tr("Cancel editing")}</button>
                </div>
                <fieldset>
                    <legend>{tr("Processes")}</legend>
                    <div class="editor-table"><table class="editor-processes">
                        <thead><tr><th scope="col">{tr("Process")}</th><th scope="col">{tr("Label")}</th>
                            <th scope="col">{ if draft.unit == Unit::Tokens { tr("Tokens") } else { tr("Balance") } }</th><th></th></tr></thead>
                        <tbody>{ for rows }</tbody>
                    </table></div>
                    <button type="button" onclick={on_add} disabled={count >= 16}>{tr("Add process")}</button>
                    <label>{tr("Initial state as ")}
                        <select aria-label={tr("Initial state as")} onchange={on_unit}>
                            <option value="balance" selected={draft.unit == Unit::Balance}>{tr("balances")}</option>
                            <option value="tokens" selected={draft.unit == Unit::Tokens}>{tr("tokens")}</option>
                        </select>
                    </label>
                </fieldset>
                <fieldset>
                    <legend>{tr("Channels")}</legend>
                    <div class="editor-add-channel">
                        <label>{tr("From ")}<select aria-label={tr("Channel from")} onchange={pick(channel_from.clone())}>{ process_options(*channel_from) }</select></label>
                        <label>{tr("to ")}<select aria-label={tr("Channel to")} onchange={pick(channel_to.clone())}>{ process_options(*channel_to) }</select></label>
                        <label><input type="checkbox" checked={*both} onchange={on_both} />{tr("Both directions")}</label>
                        <button type="button" onclick={on_add_channel}>{tr("Add channel")}</button>
                    </div>
                    <ul class="editor-channels">{ for channel_items }</ul>
                    <label><input type="checkbox" checked={draft.discipline == Discipline::Fifo} onchange={on_fifo} />{tr("FIFO channels")}</label>
                </fieldset>
                <fieldset>
                    <legend>{tr("Share")}</legend>
                    <button type="button" onclick={on_copy_exercise} disabled={!runnable}>{tr("Copy exercise link")}</button>
                    <button type="button" onclick={on_copy_embed} disabled={!runnable}>{tr("Copy embed link")}</button>
                </fieldset>
            </section>
        </div>
    }
}
