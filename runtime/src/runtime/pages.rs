//! Pages: a list operation that answers one page at a time, walked page by page or item by
//! item, fetching the next page only when the one before is used up.
//!
//! The convention is Atlas's: the page number goes in a query parameter (`pageNum`),
//! counting up from 1 (or from the value the caller set), the page size in another
//! (`itemsPerPage`), and the answer is an object with the items (`results`) and, maybe,
//! the number of items in all (`totalCount`). The walk ends after an empty page, a page
//! shorter than the page size, or when the total has come; a server that never ends it
//! gets an [`Error::Paging`] after [`DEFAULT_MAX_PAGES`] pages (or the bound the caller
//! set), not an endless loop.
//!
//! `Pages::next` and `Items::next` are `async fn`s (an async iterator without a dependency
//! on `futures`): `while let Some(item) = items.next().await { … }`.

use super::client::Client;
use super::error::Error;
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

/// The pages of a list operation; `next` fetches the next one.
pub struct Pages<'a, P> {
    client: &'a Client,
    request: Request,
    decode: fn(Response) -> Result<P, Error>,
    numbered: Numbered<P>,
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
        Pages {
            client,
            request,
            decode,
            numbered,
            page,
            size,
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
            return Some(Err(Error::Paging {
                operation: self.request.operation,
                message: format!(
                    "the server was still sending full pages after {} pages; the walk stops \
                     there (see `max_pages`)",
                    self.max_pages
                ),
            }));
        }
        let mut request = self.request.clone();
        request.query(self.numbered.page, &self.page.to_string());
        self.fetched += 1;
        let page = match self.client.send(request, self.decode).await {
            Ok(page) => page,
            Err(e) => {
                self.done = true;
                return Some(Err(e));
            }
        };
        let count = (self.numbered.count)(&page) as u64;
        self.seen += count;
        let total_reached = (self.numbered.total)(&page).is_some_and(|total| self.seen >= total);
        let short = self.size.is_some_and(|size| count < size);
        self.done = count == 0 || total_reached || short;
        self.page += 1;
        Some(Ok(page))
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
