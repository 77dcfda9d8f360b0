// Bulletin's one script, loaded by the search page and the issue pages.
// It starts Pagefind's search UI where there is a #search element,
// highlights the searched terms on an issue page reached from a result, and
// keeps the reader's place when an issue page switches language.
// No inline script anywhere: the site runs under script-src 'self'.
;(() => {
  // This file is at <site>/assets/: the site's root and the index follow
  // wherever the site is served, whatever its sub-path.
  const script = document.currentScript
  const root = new URL('../', script ? script.src : document.baseURI)
  const container = document.getElementById('search')

  if (container && window.PagefindUI) {
    const lang = document.documentElement.lang
    const dates = new Intl.DateTimeFormat(lang === 'fr' ? 'fr-FR' : 'en-GB', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: 'UTC'
    })
    const label = container.dataset.issueLabel || '{number}'
    // The index's other shards, merged into the first; Pagefind's UI takes
    // their options apart, so each UI gets its own.
    const shards = (container.dataset.searchShards || '').split(' ').filter(Boolean)
    const create = (sort) =>
      new window.PagefindUI({
        ...(sort ? {sort: {[sort]: 'desc'}} : {}),
        element: '#search',
        bundlePath: new URL('pagefind/', root).pathname,
        // Sorted, a result's score is its place within its shard, and merged
        // results are ordered by score: weighing each newer shard 4,096 times
        // the one before (more than the issues a shard holds) puts its results
        // first. By relevance, shards weigh the same.
        mergeIndex: shards.map((shard, index) => ({
          bundlePath: new URL(`pagefind/${shard}/`, root).pathname,
          baseUrl: root.pathname,
          ...(sort ? {indexWeight: 4096 ** (index + 1)} : {})
        })),
        baseUrl: root.pathname,
        showSubResults: true,
        // Searching in the page's thread spares the first search the worker's copy of Pagefind's code (12 KB).
        noWorker: true,
        showImages: false,
        highlightParam: 'highlight',
        autofocus: true,
        processResult(result) {
          const {issue, date} = result.meta
          if (issue && date) {
            const when = dates.format(new Date(`${date}T00:00:00Z`))
            result.meta.title = `${result.meta.title} — ${label.replace('{number}', issue)}, ${when}`
          }
          return result
        }
      })
    let ui = create('')
    const query = new URLSearchParams(location.search).get('q')
    if (query) ui.triggerSearch(query)

    // Pagefind's UI takes its sort when it starts: a new sort makes a new UI, same query.
    const sort = document.getElementById('_sort')
    if (sort && sort.parentElement) {
      sort.parentElement.hidden = false
      sort.addEventListener('change', () => {
        const input = container.querySelector('input')
        const term = input ? input.value : ''
        ui.destroy()
        container.replaceChildren()
        ui = create(sort.value)
        if (term) ui.triggerSearch(term)
      })
    }

    // The other language's search page gets the same query.
    const other = document.querySelector('.language-switch a')
    container.addEventListener('input', (event) => {
      // The search box only: a filter's checkbox is an input too.
      if (
        !other ||
        !(event.target instanceof HTMLInputElement) ||
        event.target.type === 'checkbox' ||
        event.target.type === 'radio'
      )
        return
      const url = new URL(other.href)
      url.search = event.target.value ? `?q=${encodeURIComponent(event.target.value)}` : ''
      other.href = url.href
    })
  }

  // An issue page reached from a search result highlights the searched
  // words: only then is Pagefind's highlighting script loaded.
  if (
    document.querySelector('[data-pagefind-body]') &&
    new URLSearchParams(location.search).has('highlight')
  ) {
    const highlight = document.createElement('script')
    highlight.type = 'module'
    highlight.src = new URL('pagefind/pagefind-highlight.js', root).href
    highlight.addEventListener('load', () => {
      if (window.PagefindHighlight) new window.PagefindHighlight({highlightParam: 'highlight'})
    })
    document.head.append(highlight)
  }

  // An article's anchor is the same in both languages: the language switch
  // of an issue page leads to the same place in the other one.
  const switcher =
    document.querySelector('[data-pagefind-body]') && document.querySelector('.language-switch a')
  if (switcher) {
    const follow = () => {
      const url = new URL(switcher.href)
      url.hash = location.hash
      switcher.href = url.href
    }
    follow()
    window.addEventListener('hashchange', follow)
  }
})()
