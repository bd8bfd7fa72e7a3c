//! Text helpers every stage shares, below all of them: HTML escaping and
//! tag reading (`html`), the plain text of rendered HTML (`plain`), and URL
//! and path text (`url`). Nothing here knows a page or a site.

pub(crate) mod html;
pub(crate) mod plain;
pub(crate) mod url;
