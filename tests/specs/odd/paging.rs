//! A list that pages by Atlas's convention: `items()` walks every page, fetching one when
//! the one before is used up, and ends after a short or empty page, once the total has
//! come, on an error, or at its bound.
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use odd_paging::{Client, Error};
use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Serves `count` numbered items (or never ends, with `None`) in pages of `itemsPerPage`
/// (3 unless asked), with `totalCount` when `total` says so; page `fail_on` is a 500.
struct Lister {
    count: Option<u64>,
    total: bool,
    fail_on: Option<u64>,
    requests: Arc<AtomicUsize>,
}

impl Respond for Lister {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let query = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(n, _)| n == name)
                .and_then(|(_, v)| v.parse::<u64>().ok())
        };
        let page = query("pageNum").unwrap_or(1);
        let size = query("itemsPerPage").unwrap_or(3);
        if self.fail_on == Some(page) {
            return ResponseTemplate::new(500);
        }
        let start = (page - 1) * size;
        let end = self.count.map_or(start + size, |count| count.min(start + size));
        let results: Vec<_> = (start..end.max(start)).map(|id| json!({"id": id})).collect();
        let mut body = json!({ "results": results });
        if let (true, Some(count)) = (self.total, self.count) {
            body["totalCount"] = json!(count);
        }
        ResponseTemplate::new(200).set_body_json(body)
    }
}

async fn lister(count: Option<u64>, total: bool, fail_on: Option<u64>) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let requests = Arc::new(AtomicUsize::new(0));
    let lister = Lister { count, total, fail_on, requests: requests.clone() };
    Mock::given(method("GET")).and(path("/things")).respond_with(lister).mount(&server).await;
    (server, requests)
}

/// Every id a walk yields, and the error that ended it, if one did; its pages may be of any
/// type (`listRepos`' are its response enum, as it answers a `304` too).
async fn walk<P>(items: &mut odd_paging::Items<'_, P, odd_paging::types::Thing>) -> (Vec<i64>, Option<Error>) {
    let mut ids = Vec::new();
    while let Some(item) = items.next().await {
        match item {
            Ok(thing) => ids.push(thing.id),
            Err(e) => {
                assert!(items.next().await.is_none(), "an error ends the walk");
                return (ids, Some(e));
            }
        }
    }
    (ids, None)
}

#[tokio::test]
async fn a_short_last_page_ends_the_walk() {
    let (server, requests) = lister(Some(7), false, None).await;
    let client = Client::new(&server.uri()).unwrap();
    let (ids, err) = walk(&mut client.list_things().items()).await;
    assert_eq!(ids, (0..7).collect::<Vec<_>>());
    assert!(err.is_none());
    assert_eq!(requests.load(Ordering::SeqCst), 3, "pages of 3, 3 and 1");
}

#[tokio::test]
async fn an_empty_last_page_ends_the_walk_and_so_does_the_total() {
    let (server, requests) = lister(Some(6), false, None).await;
    let client = Client::new(&server.uri()).unwrap();
    let (ids, _) = walk(&mut client.list_things().items()).await;
    assert_eq!(ids.len(), 6);
    assert_eq!(requests.load(Ordering::SeqCst), 3, "pages of 3, 3 and an empty one");

    let (server, requests) = lister(Some(6), true, None).await;
    let client = Client::new(&server.uri()).unwrap();
    let (ids, _) = walk(&mut client.list_things().items()).await;
    assert_eq!(ids.len(), 6);
    assert_eq!(requests.load(Ordering::SeqCst), 2, "the total came with the second page");
}

#[tokio::test]
async fn an_error_in_the_middle_ends_the_walk_after_the_items_before_it() {
    let (server, requests) = lister(Some(9), true, Some(2)).await;
    let client = Client::new(&server.uri()).unwrap();
    let (ids, err) = walk(&mut client.list_things().items()).await;
    assert_eq!(ids, [0, 1, 2]);
    assert_eq!(err.and_then(|e| e.status()), Some(500));
    assert_eq!(requests.load(Ordering::SeqCst), 2);
}

#[tokio::test]
async fn a_server_that_never_ends_meets_the_bound() {
    let (server, requests) = lister(None, false, None).await;
    let client = Client::new(&server.uri()).unwrap();
    let (ids, err) = walk(&mut client.list_things().items().max_pages(4)).await;
    assert_eq!(ids.len(), 12);
    let err = err.expect("the bound ends it with an error");
    assert!(matches!(err, Error::Paging { .. }), "{err:?}");
    assert!(err.to_string().contains("after 4 pages"), "{err}");
    assert_eq!(requests.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn the_callers_page_size_start_and_filters_are_kept_on_every_page() {
    let server = MockServer::start().await;
    let requests = Arc::new(AtomicUsize::new(0));
    let lister = Lister { count: Some(9), total: false, fail_on: None, requests: requests.clone() };
    Mock::given(method("GET"))
        .and(path("/things"))
        .and(wiremock::matchers::query_param("kind", "red"))
        .and(wiremock::matchers::query_param("itemsPerPage", "2"))
        .respond_with(lister)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();
    let mut pages = client.list_things().kind("red").items_per_page(2).page_num(3).pages();
    let mut sizes = Vec::new();
    while let Some(page) = pages.next().await {
        sizes.push(page.unwrap().results.unwrap_or_default().len());
    }
    assert_eq!(sizes, [2, 2, 1], "pages 3, 4 and 5 of 2 items: 4..9");
    assert_eq!(requests.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_page_without_a_total_ends_with_an_empty_page() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/words"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"results": ["a", "b", "c"]})))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path("/words"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"results": []})))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();
    let mut words = client.list_words().items();
    let mut all = Vec::new();
    while let Some(word) = words.next().await {
        all.push(word.unwrap());
    }
    assert_eq!(all, ["a", "b", "c"]);
    // `getThing` takes `pageNum` as required: it has no `pages()` (this would not compile):
    // client.get_thing(1).pages();
}

/// Serves `pages` of numbers, each naming the next by a cursor (`c1`, `c2`, …); with
/// `circle`, the last page names the first again.
struct Events {
    pages: usize,
    circle: bool,
    requests: Arc<AtomicUsize>,
}

impl Respond for Events {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let cursor = request.url.query_pairs().find(|(n, _)| n == "cursor");
        assert_eq!(
            request.url.query_pairs().find(|(n, _)| n == "limit").map(|(_, v)| v.into_owned()),
            Some("2".to_owned()),
            "the caller's parameters stay on every page"
        );
        let page: usize = cursor.map_or(0, |(_, c)| c.trim_start_matches('c').parse().unwrap());
        let next = if page + 1 < self.pages {
            json!(format!("c{}", page + 1))
        } else if self.circle {
            json!("c1")
        } else {
            json!(null)
        };
        ResponseTemplate::new(200)
            .set_body_json(json!({"data": [page * 10, page * 10 + 1], "next_cursor": next}))
    }
}

async fn events(pages: usize, circle: bool) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let requests = Arc::new(AtomicUsize::new(0));
    let events = Events { pages, circle, requests: requests.clone() };
    Mock::given(method("GET")).and(path("/events")).respond_with(events).mount(&server).await;
    (server, requests)
}

#[tokio::test]
async fn cursors_lead_from_page_to_page_until_a_page_has_none() {
    let (server, requests) = events(3, false).await;
    let client = Client::new(&server.uri()).unwrap();
    let mut items = client.list_events().limit(2).items();
    let mut all = Vec::new();
    while let Some(item) = items.next().await {
        all.push(item.unwrap());
    }
    assert_eq!(all, [0, 1, 10, 11, 20, 21]);
    assert_eq!(requests.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_cursor_sent_twice_ends_the_walk_with_an_error() {
    let (server, requests) = events(3, true).await;
    let client = Client::new(&server.uri()).unwrap();
    let mut pages = client.list_events().limit(2).pages();
    let mut outcomes = Vec::new();
    while let Some(page) = pages.next().await {
        outcomes.push(page.map(|p| p.data.len()));
    }
    assert_eq!(outcomes.len(), 4, "three pages, then the error: {outcomes:?}");
    let err = outcomes.pop().unwrap().unwrap_err();
    assert!(matches!(err, Error::Paging { .. }), "{err:?}");
    assert!(err.to_string().contains("\"c1\" a second time"), "{err}");
    assert_eq!(requests.load(Ordering::SeqCst), 3, "the repeated cursor is never sent");
}

/// Serves `count` things in pages of 2 by `page`, GitHub's way: each page but the last has
/// a `Link` header with the next page's URL (absolute on odd pages, relative on even ones,
/// beside `prev` and `last` links). `next_of` replaces the link a page sends.
struct Repos {
    /// The server's own origin, for absolute links.
    origin: String,
    count: u64,
    fail_on: Option<u64>,
    next_of: fn(u64, &str) -> Option<String>,
    requests: Arc<AtomicUsize>,
}

impl Respond for Repos {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        self.requests.fetch_add(1, Ordering::SeqCst);
        let page: u64 = request
            .url
            .query_pairs()
            .find(|(n, _)| n == "page")
            .map_or(1, |(_, v)| v.parse().unwrap());
        assert_eq!(
            request.url.query_pairs().find(|(n, _)| n == "per_page").map(|(_, v)| v.into_owned()),
            Some("2".to_owned()),
            "the next link keeps the caller's parameters"
        );
        if self.fail_on == Some(page) {
            return ResponseTemplate::new(500);
        }
        let start = (page - 1) * 2;
        let ids: Vec<_> = (start..(start + 2).min(self.count)).map(|id| json!({"id": id})).collect();
        let mut response = ResponseTemplate::new(200).set_body_json(ids);
        if let Some(next) = (self.next_of)(page, &self.origin).filter(|_| start + 2 < self.count) {
            let links = format!("</repos?page=1&per_page=2>; rel=\"first\", {next}, </repos?page=99>; rel=\"last\"");
            response = response.insert_header("link", links.as_str());
        }
        response
    }
}

/// The next page's link: absolute on odd pages, relative on even ones.
fn next_page(page: u64, origin: &str) -> Option<String> {
    Some(match page % 2 {
        1 => format!("<{origin}/repos?per_page=2&page={}>; rel=\"next\"", page + 1),
        _ => format!("<repos?per_page=2&page={}>; rel=next", page + 1),
    })
}

async fn repos(count: u64, fail_on: Option<u64>, next_of: fn(u64, &str) -> Option<String>) -> (MockServer, Arc<AtomicUsize>) {
    let server = MockServer::start().await;
    let requests = Arc::new(AtomicUsize::new(0));
    let repos = Repos { origin: server.uri(), count, fail_on, next_of, requests: requests.clone() };
    Mock::given(method("GET")).and(path("/repos")).respond_with(repos).mount(&server).await;
    (server, requests)
}

#[tokio::test]
async fn links_lead_from_page_to_page_until_a_page_has_none() {
    let (server, requests) = repos(7, None, next_page).await;
    let client = Client::new(&server.uri()).unwrap();
    let (ids, err) = walk(&mut client.list_repos().per_page(2).items()).await;
    assert!(err.is_none(), "{err:?}");
    assert_eq!(ids, (0..7).collect::<Vec<_>>());
    assert_eq!(requests.load(Ordering::SeqCst), 4, "pages of 2, 2, 2 and 1");
}

#[tokio::test]
async fn an_error_in_the_middle_ends_a_walk_by_links() {
    let (server, requests) = repos(9, Some(3), next_page).await;
    let client = Client::new(&server.uri()).unwrap();
    let (ids, err) = walk(&mut client.list_repos().per_page(2).items()).await;
    assert_eq!(ids, [0, 1, 2, 3]);
    assert_eq!(err.and_then(|e| e.status()), Some(500));
    assert_eq!(requests.load(Ordering::SeqCst), 3);
}

#[tokio::test]
async fn a_link_to_another_origin_is_not_followed() {
    let elsewhere = MockServer::start().await;
    let (server, requests) = repos(9, None, |_, _| {
        Some("<http://127.0.0.1:9/repos?per_page=2&page=2>; rel=\"next\"".to_owned())
    })
    .await;
    let client = Client::new(&server.uri()).unwrap();
    let (ids, err) = walk(&mut client.list_repos().per_page(2).items()).await;
    assert_eq!(ids, [0, 1], "the first page's items come, then the error");
    let err = err.expect("the walk ends with an error");
    assert!(matches!(err, Error::Paging { .. }), "{err:?}");
    assert!(err.to_string().contains("another origin (http://127.0.0.1:9)"), "{err}");
    assert_eq!(requests.load(Ordering::SeqCst), 1);
    assert!(elsewhere.received_requests().await.unwrap().is_empty());
}

#[tokio::test]
async fn a_link_sent_twice_ends_the_walk_with_an_error() {
    let (server, requests) = repos(9, None, |_, origin| {
        Some(format!("<{origin}/repos?per_page=2&page=2>; rel=\"next\""))
    })
    .await;
    let client = Client::new(&server.uri()).unwrap();
    let (ids, err) = walk(&mut client.list_repos().per_page(2).items()).await;
    assert_eq!(ids, [0, 1, 2, 3], "pages 1 and 2, then page 2's link to itself");
    let err = err.expect("the walk ends with an error");
    assert!(err.to_string().contains("link") && err.to_string().contains("a second time"), "{err}");
    assert_eq!(requests.load(Ordering::SeqCst), 2);
}

/// Entries in pages of two, by a cursor under names only the spec's `x-pagination` gives.
struct Feed;

impl Respond for Feed {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let after: usize = request
            .url
            .query_pairs()
            .find(|(n, _)| n == "after")
            .map_or(0, |(_, v)| v.parse().unwrap());
        let entries: Vec<String> = (after..(after + 2).min(5)).map(|n| format!("e{n}")).collect();
        let mut body = json!({ "entries": entries });
        if after + 2 < 5 {
            body["following"] = json!((after + 2).to_string());
        }
        ResponseTemplate::new(200).set_body_json(body)
    }
}

#[tokio::test]
async fn a_convention_the_spec_sets_is_walked() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/feed")).respond_with(Feed).mount(&server).await;
    let client = Client::new(&server.uri()).unwrap();
    let mut items = client.list_feed().items();
    let mut all = Vec::new();
    while let Some(entry) = items.next().await {
        all.push(entry.unwrap());
    }
    assert_eq!(all, ["e0", "e1", "e2", "e3", "e4"]);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
}
