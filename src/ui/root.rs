//! The page's root: the snapshot lab's `App`, or the multicast lab's `MulticastApp` when the URL
//! fragment names it (`teach::route::is_multicast`); it switches when the fragment changes (a
//! link in the navigation, the address bar, Back).

use yew::prelude::*;

use super::app::App;
use super::browser;
use super::multicast::MulticastApp;
use crate::teach::route;

fn multicast_now() -> bool {
    browser::fragment().is_some_and(|f| route::is_multicast(&f))
}

#[function_component(Root)]
pub fn root() -> Html {
    let multicast = use_state(multicast_now);
    {
        let multicast = multicast.clone();
        use_effect_with((), move |_| {
            let listener = browser::Listener::hash_changes(move || multicast.set(multicast_now()));
            move || drop(listener)
        });
    }
    if *multicast {
        html! { <MulticastApp /> }
    } else {
        html! { <App /> }
    }
}
