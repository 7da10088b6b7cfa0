//! An exercise's panel above the lab (the task, the answer form for its kind, Check, the
//! feedback with links to the events it names, Show the solution, Another one), and the list
//! of every exercise kind and level with the learner's progress.

use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::i18n::{tr, translate};
use crate::sim::{EventKind, Message, MessageId, World};
use crate::teach::exercise::{choice_text, claim_text, Answer, Kind, Task, CHOICES, LEVELS};
use crate::teach::progress::{Entry, Progress, Status};
use crate::teach::route::{self, Page};
use crate::tf;
use crate::view::page::{Lab, LabAction};

#[derive(Properties, Clone)]
pub struct ExercisePanelProps {
    pub lab: Rc<Lab>,
    pub dispatch: UseReducerDispatcher<Lab>,
}

impl PartialEq for ExercisePanelProps {
    fn eq(&self, other: &Self) -> bool {
        self.lab == other.lab
    }
}

/// The value of the form field with this id ("" when there is none).
fn field(id: &str) -> String {
    let element = web_sys::window().and_then(|w| w.document()).and_then(|d| d.get_element_by_id(id));
    match element {
        Some(e) => match e.dyn_into::<web_sys::HtmlInputElement>() {
            Ok(input) if input.type_() == "checkbox" || input.type_() == "radio" => {
                if input.checked() {
                    "on".into()
                } else {
                    String::new()
                }
            }
            Ok(input) => input.value(),
            Err(e) => e.dyn_into::<web_sys::HtmlSelectElement>().map(|s| s.value()).unwrap_or_default(),
        },
        None => String::new(),
    }
}

/// Every message sent so far, in send order.
fn sent(world: &World) -> Vec<Message> {
    world
        .events()
        .iter()
        .filter_map(|e| match &e.kind {
            EventKind::Send { message } => Some(*message),
            _ => None,
        })
        .collect()
}

/// A message with its channel, for pick lists.
fn message_label(world: &World, m: &Message) -> String {
    let t = world.topology();
    tf!("{0} ({1} → {2})", m, t.label(m.channel.from), t.label(m.channel.to))
}

/// The answer form for the exercise's kind, filled with `answer` (the last one checked, or the
/// solution shown), and what Check does with it.
fn form(
    lab: &Lab,
    task: &Task,
    answer: Option<&Answer>,
    dispatch: &UseReducerDispatcher<Lab>,
) -> (Html, Option<Callback<(), LabAction>>) {
    let world = &lab.world;
    let topology = world.topology();
    let n = topology.process_count();
    match task {
        Task::Count => {
            let value = match answer {
                Some(Answer::Count(k)) => k.to_string(),
                _ => String::new(),
            };
            (
                html! {
                    <label class="answer">{tr("Number of markers")}{" "}
                        <input id="ex-count" type="number" min="0" inputmode="numeric" value={value} aria-label={tr("Number of markers")} />
                    </label>
                },
                Some(Callback::from(|()| LabAction::CheckCount(field("ex-count")))),
            )
        }
        Task::Predict { .. } => {
            let messages = sent(world);
            let (given_states, given_channels) = match answer {
                Some(Answer::Predict { states, channels }) => (states.clone(), channels.clone()),
                _ => (Vec::new(), Vec::new()),
            };
            let states = (0..n).map(|p| {
                let label = tf!("Recorded state of {0}", topology.label(p));
                let value = given_states.get(p).copied().flatten().map(|v| v.to_string()).unwrap_or_default();
                html! { <label>{format!("{} ", topology.label(p))}<input id={format!("ex-state-{p}")} type="number" value={value} aria-label={label} /></label> }
            });
            let channels = topology.channels().iter().enumerate().map(|(c, ch)| {
                let name = tf!("{0} to {1}", topology.label(ch.from), topology.label(ch.to));
                let on_channel: Vec<&Message> =
                    messages.iter().filter(|m| m.channel == *ch && !m.is_marker()).collect();
                html! {
                    <fieldset class="channel-pick">
                        <legend>{tf!("Recorded messages on channel {0}", name)}</legend>
                        if on_channel.is_empty() { <span class="hint">{tr("none sent on it")}</span> }
                        { for on_channel.iter().map(|m| {
                            let checked = given_channels.get(c).is_some_and(|ids| ids.contains(&m.id));
                            html! {
                                <label><input type="checkbox" id={format!("ex-ch-{c}-{}", m.id)} checked={checked} />{m.to_string()}</label>
                            }
                        }) }
                    </fieldset>
                }
            });
            let ids: Vec<Vec<MessageId>> = topology
                .channels()
                .iter()
                .map(|ch| messages.iter().filter(|m| m.channel == *ch && !m.is_marker()).map(|m| m.id).collect())
                .collect();
            let answer = Callback::from(move |()| {
                let states = (0..n).map(|p| field(&format!("ex-state-{p}")).trim().parse::<i64>().ok()).collect();
                let channels = ids
                    .iter()
                    .enumerate()
                    .map(|(c, ids)| {
                        ids.iter().copied().filter(|id| !field(&format!("ex-ch-{c}-{id}")).is_empty()).collect()
                    })
                    .collect();
                LabAction::Check(Answer::Predict { states, channels })
            });
            (
                html! {
                    <div class="answer predict">
                        <fieldset><legend>{tr("Recorded process states")}</legend>{ for states }</fieldset>
                        { for channels }
                    </div>
                },
                Some(answer),
            )
        }
        Task::WhichCut { .. } => {
            let drawn = lab.drawn.as_deref().cloned().unwrap_or_default();
            (cut_pickers(lab, dispatch), Some(Callback::from(move |()| LabAction::Check(Answer::Cut(drawn.clone())))))
        }
        Task::IsConsistent { .. } => {
            let (verdict, orphan) = match answer {
                Some(Answer::Consistent { consistent, orphan }) => (Some(*consistent), *orphan),
                _ => (None, None),
            };
            // The orphan pick starts on "(none)" (and stays there for a consistent cut).
            let options = sent(world).into_iter().map(|m| {
                html! { <option value={m.id.to_string()} selected={orphan == Some(m.id)}>{message_label(world, &m)}</option> }
            });
            (
                html! {
                    <div class="answer">
                        <fieldset><legend>{tr("Is the drawn cut consistent?")}</legend>
                            <label><input type="radio" name="ex-consistent" id="ex-yes" checked={verdict == Some(true)} />{tr("Yes, consistent")}</label>
                            <label><input type="radio" name="ex-consistent" id="ex-no" checked={verdict == Some(false)} />{tr("No, inconsistent")}</label>
                        </fieldset>
                        <label>{tr("If not, an orphan message")}{" "}
                            <select id="ex-orphan" aria-label={tr("Orphan message")}>
                                <option value="" selected={orphan.is_none()}>{tr("(none)")}</option>
                                { for options }
                            </select>
                        </label>
                    </div>
                },
                Some(Callback::from(|()| {
                    LabAction::Check(Answer::Consistent {
                        consistent: !field("ex-yes").is_empty(),
                        orphan: field("ex-orphan").parse().ok(),
                    })
                })),
            )
        }
        Task::Tells { claims, .. } => {
            let given = match answer {
                Some(Answer::Claims(ticked)) => ticked.clone(),
                _ => Vec::new(),
            };
            let items = claims.iter().enumerate().map(|(i, &claim)| {
                let checked = given.get(i).copied().unwrap_or(false);
                html! {
                    <label class="claim"><input type="checkbox" id={format!("ex-claim-{i}")} checked={checked} />{claim_text(topology, claim)}</label>
                }
            });
            let count = claims.len();
            (
                html! {
                    <fieldset class="answer claims"><legend>{tr("Tick each statement that follows")}</legend>{ for items }</fieldset>
                },
                Some(Callback::from(move |()| {
                    LabAction::Check(Answer::Claims(
                        (0..count).map(|i| !field(&format!("ex-claim-{i}")).is_empty()).collect(),
                    ))
                })),
            )
        }
        Task::Breaks { .. } => {
            let chosen = match answer {
                Some(Answer::Breaks(p)) => Some(*p),
                _ => None,
            };
            let items = CHOICES.iter().map(|&p| {
                html! {
                    <label class="claim"><input type="radio" name="ex-breaks" id={format!("ex-breaks-{}", p.id())} checked={chosen == Some(p)} />{choice_text(p)}</label>
                }
            });
            (
                html! {
                    <fieldset class="answer claims"><legend>{tr("What did it break?")}</legend>{ for items }</fieldset>
                },
                Some(Callback::from(|()| {
                    match CHOICES.into_iter().find(|p| !field(&format!("ex-breaks-{}", p.id())).is_empty()) {
                        Some(p) => LabAction::Check(Answer::Breaks(p)),
                        None => LabAction::Check(Answer::Claims(Vec::new())),
                    }
                })),
            )
        }
        Task::SendGoal { .. } | Task::OrderMarkers { .. } => (html! {}, None),
    }
}

/// One pick list per process: where the cut crosses its line. Choices redraw the cut.
fn cut_pickers(lab: &Lab, dispatch: &UseReducerDispatcher<Lab>) -> Html {
    let world = &lab.world;
    let topology = world.topology();
    let n = topology.process_count();
    let current: Vec<usize> = lab.drawn.as_deref().cloned().unwrap_or_else(|| vec![0; n]);
    let pickers = (0..n).map(|p| {
        let events: Vec<_> = world.events().iter().filter(|e| e.process == p).collect();
        let on_change = {
            let current = current.clone();
            let d = dispatch.clone();
            Callback::from(move |e: Event| {
                let value = e.target_unchecked_into::<web_sys::HtmlSelectElement>().value();
                if let Ok(v) = value.parse::<usize>() {
                    let mut cut = current.clone();
                    if let Some(slot) = cut.get_mut(p) {
                        *slot = v;
                    }
                    d.dispatch(LabAction::DrawCut(cut));
                }
            })
        };
        let options = (0..=events.len()).map(|k| {
            let text = match k {
                0 => tr("before its first event").to_string(),
                _ => tf!("after event #{0}: {1}", events[k - 1].seq, events[k - 1].describe()),
            };
            html! { <option value={k.to_string()} selected={current.get(p) == Some(&k)}>{text}</option> }
        });
        html! {
            <label>{format!("{} ", topology.label(p))}
                <select aria-label={tf!("Cut on {0}'s line", topology.label(p))} onchange={on_change}>{ for options }</select>
            </label>
        }
    });
    html! { <fieldset class="answer cut-pick"><legend>{tr("Where the cut crosses each process's line")}</legend>{ for pickers }</fieldset> }
}

#[function_component(ExercisePanel)]
pub fn exercise_panel(props: &ExercisePanelProps) -> Html {
    let lab = &props.lab;
    let Some(practice) = lab.practice() else { return html! {} };
    let e = &practice.exercise;
    let (form, answer) = form(lab, &e.task, practice.answer.as_ref(), &props.dispatch);
    // A new answer to show (checked, or the solution) draws the form afresh, filled with it.
    let form_key = format!("{:?}", practice.answer);
    let on_check = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |ev: SubmitEvent| {
            ev.prevent_default();
            let action = match &answer {
                Some(make) => make.emit(()),
                None => LabAction::CheckRun,
            };
            dispatch.dispatch(action);
        })
    };
    let on_reveal = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |_| dispatch.dispatch(LabAction::Reveal))
    };
    let open = |seed: u64, level: u8| {
        let dispatch = props.dispatch.clone();
        let kind = e.kind;
        Callback::from(move |_| {
            // Another exercise is another page: Back returns to this one.
            super::browser::push_history();
            dispatch.dispatch(LabAction::Open(Page::Exercise { kind, level, seed, scenario: None }))
        })
    };
    let feedback = practice.grade.as_ref().map(|g| {
        let items = g.feedback.iter().map(|f| {
            // Only events of the run on screen can be shown.
            let show = f.event.filter(|&seq| lab.shows_event(seq)).map(|seq| {
                let dispatch = props.dispatch.clone();
                html! {
                    <button type="button" class="link" onclick={Callback::from(move |_| dispatch.dispatch(LabAction::Focus(Some(seq))))}>
                        {tf!("Show event #{0}", seq)}
                    </button>
                }
            });
            html! { <li>{f.text.clone()}{" "}{ for show }</li> }
        });
        // Predict the recording: a one-line summary leads, the items fold (issue 21).
        let summary = (!g.correct && g.feedback.len() > 1)
            .then(|| practice.answer.as_ref().and_then(|a| crate::teach::exercise::predict_summary(e, a)))
            .flatten();
        html! {
            <div class={classes!("feedback", if g.correct { "right" } else { "wrong" })} role="status">
                <p><strong>{if g.correct { tr("Right!") } else { tr("Not yet.") }}</strong>
                    if let Some(line) = &summary { {" "}{line.clone()}{"."} }
                </p>
                if summary.is_some() {
                    <details><summary>{tr("Why, item by item")}</summary><ul>{ for items }</ul></details>
                } else {
                    <ul>{ for items }</ul>
                }
            </div>
        }
    });
    let check_label = if matches!(e.task, Task::SendGoal { .. } | Task::OrderMarkers { .. }) {
        tr("Check my run")
    } else {
        tr("Check")
    };
    html! {
        <section class="guide exercise" aria-label={tr("Exercise")}>
            <p class="guide-kicker">
                <a href={format!("#{}", route::EXERCISES_FRAGMENT)}>{tr("All exercises")}</a>
                {" "}{tf!("· level {0} of {1} · exercise {2}", e.level, LEVELS, e.seed)}
            </p>
            <h2>{translate(e.kind.title())}</h2>
            <p class="prompt">{e.prompt.clone()}</p>
            <form class="answer-form" onsubmit={on_check}>
                <div class="answer-fields" key={form_key}>{ form }</div>
                <div class="guide-nav">
                    <button type="submit" class="primary">{check_label}</button>
                    <button type="button" onclick={on_reveal} disabled={practice.revealed}>{tr("Show the solution")}</button>
                    <button type="button" onclick={open(e.seed + 1, e.level)}>{tr("Another one")}</button>
                    if e.level < LEVELS {
                        <button type="button" onclick={open(e.seed, e.level + 1)}>{tr("Harder")}</button>
                    }
                </div>
            </form>
            { for feedback }
        </section>
    }
}

#[derive(Properties, PartialEq, Clone)]
pub struct ExerciseListProps {
    pub progress: Rc<Progress>,
}

/// Every exercise kind at every level, with what the learner has done.
#[function_component(ExerciseList)]
pub fn exercise_list(props: &ExerciseListProps) -> Html {
    let progress = &props.progress;
    let rows = Kind::ALL.into_iter().map(|kind| {
        let cells = (1..=LEVELS).map(|level| {
            let entry = progress.entry(kind, level);
            let seed = entry.map_or(1, |e| e.seed);
            let status = match (Entry::status(entry), entry) {
                (Status::Solved, Some(e)) => tf!("solved ({0} of {1} checks right)", e.right, e.checked),
                (Status::Shown, _) => tr("solution shown, not solved").to_string(),
                (Status::Tried, Some(e)) => tf!("tried ({0} checks)", e.checked),
                (Status::NotStarted, _) => tr("not started").to_string(),
                _ => tr("opened").to_string(),
            };
            let class = match Entry::status(entry) {
                Status::Solved => Some("solved"),
                Status::Shown => Some("shown"),
                _ => None,
            };
            html! {
                <td class={classes!(class)}>
                    <a href={format!("#{}", route::exercise_fragment(kind, level, seed, None))}
                        aria-label={tf!("{0}, level {1}: {2}", translate(kind.title()), level, status)}>{tf!("Level {0}", level)}</a>
                    <span class="status">{status}</span>
                </td>
            }
        });
        html! { <tr><th scope="row">{translate(kind.title())}</th>{ for cells }</tr> }
    });
    let total = Kind::ALL.len() * LEVELS as usize;
    html! {
        <section class="pane exercise-list" aria-label={tr("Exercises")}>
            <h2>{tr("Exercises")}</h2>
            <p>{tf!(
                "Each exercise is made from a number, so a link gives everyone the same one. Solved so far: {0} of {1}.",
                progress.solved(),
                total
            )}</p>
            // Exercises on teachers' own scenarios (the editor's exercise links) have progress
            // of their own, not counted above.
            if progress.own().next().is_some() {
                <p class="own-exercises">{tf!(
                    "Exercises on teachers' own scenarios: {0} opened, {1} solved (not counted above).",
                    progress.own().count(),
                    progress.own().filter(|e| e.solved()).count()
                )}</p>
            }
            <table aria-label={tr("Your progress")}>
                <thead><tr><th scope="col">{tr("Exercise")}</th>{ for (1..=LEVELS).map(|l| html! { <th scope="col">{tf!("Level {0}", l)}</th> }) }</tr></thead>
                <tbody>{ for rows }</tbody>
            </table>
        </section>
    }
}
