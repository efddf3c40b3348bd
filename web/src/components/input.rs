//! Where input comes in: a text area, a file picker, drag and drop of many files, and the
//! built-in examples. File names travel with the bytes: the core uses them as hints.

use std::rc::Rc;

use web_sys::{DragEvent, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use crate::example;
use crate::state::{Action, Loaded, Workspace};

/// The input panel's properties.
#[derive(Debug, Properties, PartialEq)]
pub struct InputProps {
    /// The current workspace.
    pub workspace: Rc<Workspace>,
    /// Where changes go.
    pub dispatch: Callback<Action>,
}

/// Reads browser files and hands them over, keeping their names.
fn read_files(list: Option<web_sys::FileList>, dispatch: Callback<Action>) {
    let Some(list) = list else { return };
    let files: Vec<gloo_file::File> = (0..list.length())
        .filter_map(|i| list.get(i))
        .map(gloo_file::File::from)
        .collect();
    if files.is_empty() {
        return;
    }
    wasm_bindgen_futures::spawn_local(async move {
        let mut loaded = Vec::new();
        for f in files {
            // A file that cannot be read is kept, empty: the core then says so by name.
            let bytes = gloo_file::futures::read_as_bytes(&f).await.unwrap_or_default();
            loaded.push(Loaded { name: f.name(), bytes });
        }
        dispatch.emit(Action::AddFiles(loaded));
    });
}

fn example_files(set: &[(String, String)]) -> Vec<Loaded> {
    set.iter()
        .map(|(n, t)| Loaded {
            name: n.clone(),
            bytes: t.as_bytes().to_vec(),
        })
        .collect()
}

/// The input panel.
#[function_component(InputPanel)]
pub fn input_panel(props: &InputProps) -> Html {
    let dragging = use_state(|| false);
    let dispatch = props.dispatch.clone();
    let on_input = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: InputEvent| {
            let area: HtmlTextAreaElement = e.target_unchecked_into();
            dispatch.emit(Action::Paste(area.value()));
        })
    };
    let on_pick = {
        let dispatch = dispatch.clone();
        Callback::from(move |e: Event| {
            let input: HtmlInputElement = e.target_unchecked_into();
            read_files(input.files(), dispatch.clone());
            input.set_value("");
        })
    };
    let on_drop = {
        let dispatch = dispatch.clone();
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(false);
            read_files(e.data_transfer().and_then(|d| d.files()), dispatch.clone());
        })
    };
    let on_drag_over = {
        let dragging = dragging.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            dragging.set(true);
        })
    };
    let on_drag_leave = {
        let dragging = dragging.clone();
        Callback::from(move |_: DragEvent| dragging.set(false))
    };
    let examples = use_memo((), |_| example::from_document().unwrap_or_default());
    let load = |pick: fn(&example::Examples) -> &Vec<(String, String)>| {
        let dispatch = dispatch.clone();
        let examples = examples.clone();
        Callback::from(move |_: MouseEvent| {
            dispatch.emit(Action::Clear);
            dispatch.emit(Action::AddFiles(example_files(pick(&examples))));
        })
    };
    let clear = {
        let dispatch = dispatch.clone();
        Callback::from(move |_: MouseEvent| dispatch.emit(Action::Clear))
    };
    let ws = &props.workspace;
    // "Copy link": the pasted text in the address's fragment, private keys left out, then on the
    // clipboard. The address bar shows it too; nothing is sent anywhere.
    let shared = use_state(|| None::<usize>);
    let share = {
        let pasted = ws.pasted.clone();
        let shared = shared.clone();
        Callback::from(move |_: MouseEvent| {
            let (fragment, dropped) = crate::state::share_fragment(&pasted);
            let Some(w) = web_sys::window() else { return };
            let _ = w.location().set_hash(&fragment);
            let link = w.location().href().unwrap_or_default();
            let _ = w.navigator().clipboard().write_text(&link);
            shared.set(Some(dropped));
        })
    };
    let shared_note = match *shared {
        None => String::new(),
        Some(0) => "Link copied.".into(),
        Some(1) => "Link copied; the private key was left out of it.".into(),
        Some(n) => format!("Link copied; {n} private keys were left out of it."),
    };
    html! {
        <section class={classes!("input", (*dragging).then_some("dragging"))} aria-label="Input"
            ondrop={on_drop} ondragover={on_drag_over} ondragleave={on_drag_leave}>
            <label for="paste" class="label">{ "Paste PEM, base64, a kubeconfig, a Secret, an etcd manifest, or an error message" }</label>
            <textarea id="paste" spellcheck="false" autocomplete="off" rows="8"
                placeholder={"-----BEGIN CERTIFICATE-----\n...\n-----END CERTIFICATE-----"}
                value={ws.pasted.clone()} oninput={on_input} />
            <div class="controls">
                <label class="button" for="files">{ "Choose files…" }</label>
                <input id="files" class="visually-hidden" type="file" multiple=true onchange={on_pick} />
                <button type="button" id="example" onclick={load(|e| &e.kubeadm)} disabled={examples.kubeadm.is_empty()}>{ "Try an example" }</button>
                <button type="button" id="mistakes" onclick={load(|e| &e.mistakes)} disabled={examples.mistakes.is_empty()}>{ "Try one with mistakes" }</button>
                <button type="button" id="clear" onclick={clear} disabled={ws.is_empty()}>{ "Clear" }</button>
                <button type="button" id="share" onclick={share} disabled={ws.pasted.trim().is_empty()}
                    title="A link that opens this page with the pasted text (not files, never private keys)">{ "Copy link" }</button>
                <span class="hint">{ "or drop files anywhere here" }</span>
                <span id="shared" class="hint" aria-live="polite">{ shared_note }</span>
            </div>
            if !ws.files.is_empty() {
                <ul class="files" aria-label="Loaded files">
                    { for ws.files.iter().map(|f| {
                        let dispatch = dispatch.clone();
                        let name = f.name.clone();
                        let remove = Callback::from(move |_: MouseEvent| dispatch.emit(Action::RemoveFile(name.clone())));
                        html! {
                            <li>
                                <span>{ &f.name }</span>
                                <button type="button" class="remove" aria-label={format!("Remove {}", f.name)} onclick={remove}>{ "×" }</button>
                            </li>
                        }
                    }) }
                </ul>
            }
        </section>
    }
}
