//! Pages: a list operation that answers one page at a time, walked page by page or item by
//! item, fetching the next page only when the one before is used up.
//!
//! Three conventions:
//! - **Numbered pages** (Atlas's): the page number goes in a query parameter (`pageNum`),
//!   counting up from 1 (or from the value the caller set), the page size in another
//!   (`itemsPerPage`), and the answer is an object with the items (`results`) and, maybe,
//!   the number of items in all (`totalCount`). The walk ends after an empty page, a page
//!   shorter than the page size, or when the total has come.
//! - **Cursors**: each page names the next one (`next_cursor`), which goes back in a query
//!   parameter (`cursor`); the walk ends on a page without one. A cursor the server sends
//!   twice would walk in a circle: it ends the walk with an [`Error::Paging`].
//! - **Links** (RFC 8288, GitHub's): each page but the last has a `Link` header with a
//!   `rel="next"` link, the URL of the next page, which is fetched as it is (the
//!   credentials are added as for any request). The walk ends on a page without one. A link
//!   to another origin (scheme, host and port) than the client's base URL is not followed,
//!   so that credentials never leave the API; like a link sent twice, it ends the walk with
//!   an [`Error::Paging`].
//!
//! A server that never ends a walk gets an [`Error::Paging`] after [`DEFAULT_MAX_PAGES`]
//! pages (or the bound the caller set), not an endless loop.
//!
//! `Pages::next` and `Items::next` are `async fn`s (an async iterator without a dependency
//! on `futures`): `while let Some(item) = items.next().await { … }`.

use std::collections::HashSet;

use super::client::Client;
use super::error::Error;
use super::links;
use super::request::Request;
use super::response::Response;

/// The most pages a walk fetches unless [`Pages::max_pages`] says otherwise.
pub const DEFAULT_MAX_PAGES: u32 = 10_000;

/// How an operation's pages are numbered, and what a page says of itself.
pub(crate) struct Numbered<P> {
    /// The query parameter of the page number.
    pub(crate) page: &'static str,
    /// The query parameter of the page size, and the size the server uses when it is not
    /// set.
    pub(crate) size: Option<(&'static str, Option<u64>)>,
    /// How many items a page holds.
    pub(crate) count: fn(&P) -> usize,
    /// How many items there are in all, when the page says.
    pub(crate) total: fn(&P) -> Option<u64>,
}

/// How an operation's pages name the next one.
pub(crate) struct Cursor<P> {
    /// The query parameter that takes the cursor.
    pub(crate) param: &'static str,
    /// The cursor of the next page, when a page has one.
    pub(crate) next: fn(&P) -> Option<String>,
}

enum Walk<P> {
    Numbered(Numbered<P>),
    Cursor(Cursor<P>),
    Link,
}

/// The pages of a list operation; `next` fetches the next one.
pub struct Pages<'a, P> {
    client: &'a Client,
    request: Request,
    decode: fn(Response) -> Result<P, Error>,
    walk: Walk<P>,
    /// Cursors and links: the one for the next page, and every one sent so far.
    cursor: Option<String>,
    sent: HashSet<String>,
    /// Links: the URL of the page last fetched, which a relative link is resolved against.
    page_url: Option<reqwest::Url>,
    /// The number of the next page.
    page: u64,
    /// The page size in use, when known.
    size: Option<u64>,
    /// Items seen so far.
    seen: u64,
    fetched: u32,
    max_pages: u32,
    done: bool,
}

impl<'a, P> Pages<'a, P> {
    pub(crate) fn numbered(
        client: &'a Client,
        request: Request,
        decode: fn(Response) -> Result<P, Error>,
        numbered: Numbered<P>,
    ) -> Self {
        let set = |name: &str| {
            request
                .query
                .iter()
                .find(|(n, _)| *n == name)
                .and_then(|(_, v)| v.parse::<u64>().ok())
        };
        let page = set(numbered.page).unwrap_or(1);
        let size = numbered
            .size
            .and_then(|(name, default)| set(name).or(default));
        let mut pages = Self::new(client, request, decode, Walk::Numbered(numbered));
        pages.page = page;
        pages.size = size;
        pages
    }

    pub(crate) fn cursor(
        client: &'a Client,
        request: Request,
        decode: fn(Response) -> Result<P, Error>,
        cursor: Cursor<P>,
    ) -> Self {
        let first = request
            .query
            .iter()
            .find(|(n, _)| *n == cursor.param)
            .map(|(_, v)| v.clone());
        let mut pages = Self::new(client, request, decode, Walk::Cursor(cursor));
        pages.cursor = first;
        pages
    }

    pub(crate) fn linked(
        client: &'a Client,
        request: Request,
        decode: fn(Response) -> Result<P, Error>,
    ) -> Self {
        Self::new(client, request, decode, Walk::Link)
    }

    fn new(
        client: &'a Client,
        request: Request,
        decode: fn(Response) -> Result<P, Error>,
        walk: Walk<P>,
    ) -> Self {
        Pages {
            client,
            request,
            decode,
            walk,
            cursor: None,
            sent: HashSet::new(),
            page_url: None,
            page: 1,
            size: None,
            seen: 0,
            fetched: 0,
            max_pages: DEFAULT_MAX_PAGES,
            done: false,
        }
    }

    /// Ends the walk with an [`Error::Paging`] once this many pages have been fetched
    /// (default: [`DEFAULT_MAX_PAGES`]).
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.max_pages = pages;
        self
    }

    /// The next page; `None` once the walk is over (after the last page, or after an
    /// error, which ends it).
    pub async fn next(&mut self) -> Option<Result<P, Error>> {
        if self.done {
            return None;
        }
        if self.fetched >= self.max_pages {
            self.done = true;
            return Some(Err(self.stop(format!(
                "the server was still sending pages after {} pages; the walk stops there \
                 (see `max_pages`)",
                self.max_pages
            ))));
        }
        let request = match self.next_request() {
            Ok(request) => request,
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        self.fetched += 1;
        let page = match self.fetch(request).await {
            Ok(page) => page,
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        self.done = self.is_last(&page);
        Some(Ok(page))
    }

    /// Sends the request for a page and decodes it; for links, keeps the page's `next` link.
    async fn fetch(&mut self, request: Request) -> Result<P, Error> {
        let response = self.client.respond(request).await?;
        if let Walk::Link = self.walk {
            self.cursor = links::next_target(response.headers());
        }
        (self.decode)(response)
    }

    /// The request for the next page: the caller's request with the page number or cursor
    /// set, or the link to follow.
    fn next_request(&mut self) -> Result<Request, Error> {
        let mut request = self.request.clone();
        let next = self.cursor.clone();
        match (&self.walk, next) {
            (Walk::Numbered(numbered), _) => request.query(numbered.page, &self.page.to_string()),
            (Walk::Cursor(cursor), Some(next)) => {
                let param = cursor.param;
                self.first_time(&next, "cursor")?;
                request.query(param, &next);
            }
            (Walk::Link, Some(next)) => {
                let url = self.link_url(&next)?;
                self.first_time(url.as_str(), "link")?;
                self.page_url = Some(url.clone());
                request.link = Some(url);
            }
            // The first page: the caller's request as it is.
            (Walk::Cursor(_) | Walk::Link, None) => {}
        }
        Ok(request)
    }

    /// Fails when the walk sent this cursor or link before: walking on would repeat pages.
    fn first_time(&mut self, next: &str, what: &str) -> Result<(), Error> {
        if self.sent.insert(next.to_owned()) {
            return Ok(());
        }
        Err(self.stop(format!(
            "the server sent the {what} {next:?} a second time; walking on would repeat pages"
        )))
    }

    /// The URL of a `next` link, resolved against the page it came with; one that leaves the
    /// origin of the client's base URL is refused.
    fn link_url(&self, target: &str) -> Result<reqwest::Url, Error> {
        let base_url = self.client.base_url();
        let base = reqwest::Url::parse(base_url).map_err(|e| self.stop(e.to_string()))?;
        let page = match &self.page_url {
            Some(page) => page.clone(),
            None => reqwest::Url::parse(&format!("{base_url}{}", self.request.path))
                .map_err(|e| self.stop(e.to_string()))?,
        };
        let url = page
            .join(target)
            .map_err(|e| self.stop(format!("the next page's link {target:?} is not a URL: {e}")))?;
        if url.origin() != base.origin() {
            return Err(self.stop(format!(
                "the next page's link leads to another origin ({}) than the client's base URL; \
                 it is not followed, so that credentials stay with the API",
                url.origin().ascii_serialization()
            )));
        }
        Ok(url)
    }

    fn stop(&self, message: String) -> Error {
        Error::Paging {
            operation: self.request.operation,
            message,
        }
    }

    /// Whether `page` is the last, and where the next one starts when it is not.
    fn is_last(&mut self, page: &P) -> bool {
        match &self.walk {
            Walk::Numbered(numbered) => {
                let count = (numbered.count)(page) as u64;
                self.seen += count;
                self.page += 1;
                let total_reached = (numbered.total)(page).is_some_and(|total| self.seen >= total);
                let short = self.size.is_some_and(|size| count < size);
                count == 0 || total_reached || short
            }
            Walk::Cursor(cursor) => {
                self.cursor = (cursor.next)(page).filter(|next| !next.is_empty());
                self.cursor.is_none()
            }
            Walk::Link => self.cursor.is_none(),
        }
    }
}

/// The items of every page of a list operation; `next` fetches a page when the one
/// before is used up.
pub struct Items<'a, P, T> {
    pages: Pages<'a, P>,
    take: fn(P) -> Vec<T>,
    current: std::vec::IntoIter<T>,
}

impl<'a, P, T> Items<'a, P, T> {
    pub(crate) fn new(pages: Pages<'a, P>, take: fn(P) -> Vec<T>) -> Self {
        Items {
            pages,
            take,
            current: Vec::new().into_iter(),
        }
    }

    /// Ends the walk with an [`Error::Paging`] once this many pages have been fetched
    /// (default: [`DEFAULT_MAX_PAGES`]).
    pub fn max_pages(mut self, pages: u32) -> Self {
        self.pages = self.pages.max_pages(pages);
        self
    }

    /// The next item; `None` once every page is used up (or after an error, which ends
    /// the walk).
    pub async fn next(&mut self) -> Option<Result<T, Error>> {
        loop {
            if let Some(item) = self.current.next() {
                return Some(Ok(item));
            }
            match self.pages.next().await? {
                Ok(page) => self.current = (self.take)(page).into_iter(),
                Err(e) => return Some(Err(e)),
            }
        }
    }
}
