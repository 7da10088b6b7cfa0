//! The scenario editor (edit mode of the process and channel diagram): the draft's processes
//! and channels drawn as in the lab, and beside them a form that does every edit by keyboard.
//! Pointer: drag a process onto another to add a channel (with "Both directions", both ways),
//! drag it onto empty space to move it, double-click empty space to add a process there.
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
use crate::view::page::editor::{embed_fragment, exercise_fragment};
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

#[function_component(ScenarioEditor)]
pub fn scenario_editor(props: &ScenarioEditorProps) -> Html {
    let svg = use_node_ref();
    let drag = use_state(|| None::<Drag>);
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
        Callback::from(move |e: PointerEvent| {
            let Some(d) = *drag else { return };
            drag.set(None);
            if !d.moved {
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
        Callback::from(move |e: MouseEvent| {
            if let Some(point) = model(e.client_x(), e.client_y()) {
                match process_at(&positions, point) {
                    None => apply.emit(Edit::AddProcess { at: Some(units(point)) }),
                    // A double-click on a process edits its label, in the form beside it.
                    Some(p) => browser::focus(&format!("editor-label-{p}")),
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
            let here = units(at);
            Callback::from(move |e: KeyboardEvent| {
                let step = if e.shift_key() { 100 } else { 20 };
                let (x, y) = here;
                let to = match e.key().as_str() {
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
            <g key={format!("p{p}")} class={classes!("process", (drop_target == Some(p)).then_some("drop-target"))}
                role="button" tabindex="0" aria-label={name} aria-keyshortcuts="ArrowLeft ArrowRight ArrowUp ArrowDown Delete"
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
                match input.value().trim().parse::<i64>() {
                    Ok(v) => apply.emit(Edit::SetInitial(p, v)),
                    Err(_) => dispatch.dispatch(LabAction::Say(tr("Enter a whole number.").into())),
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

    html! {
        <div class="scenario-editor">
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
