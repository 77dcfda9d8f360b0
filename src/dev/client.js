// Bulletin's live-reload client, added to every page by `bulletin dev`:
// reloads the page when the build changed it, and shows the build's
// problems over the page until the next good build clears them.
;(() => {
  const script = document.currentScript
  const missing = script instanceof HTMLScriptElement && script.hasAttribute('data-missing')
  const here = () => location.pathname.replace(/index\.html$/, '')
  const source = new EventSource('/_bulletin/events')
  // Tells whoever drives the page (tests) that changes will reach it.
  source.addEventListener('open', () =>
    document.documentElement.setAttribute('data-bulletin-live', '')
  )

  source.addEventListener('reload', (event) => {
    const {paths} = JSON.parse(event.data)
    // A page served for a missing address may exist now.
    if (missing || paths.includes(decodeURIComponent(here()))) location.reload()
  })

  source.addEventListener('problems', (event) => {
    const {problems} = JSON.parse(event.data)
    document.getElementById('bulletin-problems')?.remove()
    const errors = problems.filter((problem) => problem.severity === 'error')
    if (errors.length === 0) return
    const overlay = document.createElement('section')
    overlay.id = 'bulletin-problems'
    overlay.setAttribute('role', 'alert')
    overlay.setAttribute('aria-labelledby', 'bulletin-problems-title')
    overlay.lang = 'en'
    Object.assign(overlay.style, {
      position: 'fixed',
      inset: '0 0 auto 0',
      maxHeight: '70vh',
      overflow: 'auto',
      zIndex: '2147483647',
      background: '#fff',
      color: '#000',
      borderBottom: '4px solid #b00020',
      padding: '1rem 1.5rem',
      font: '15px/1.5 system-ui, sans-serif',
      boxShadow: '0 2px 12px rgba(0,0,0,.3)'
    })
    const title = document.createElement('h2')
    title.id = 'bulletin-problems-title'
    title.style.margin = '0 0 .5rem'
    title.textContent = `${errors.length} ${errors.length === 1 ? 'error' : 'errors'}: the site shown is the last good build`
    const list = document.createElement('ul')
    list.style.cssText = 'margin:0;padding-left:1.2rem'
    for (const problem of problems) {
      const item = document.createElement('li')
      const place = document.createElement('code')
      place.textContent = problem.place
      // Text only: messages quote the content, which must never run here.
      item.append(
        place,
        ` ${problem.severity}: ${problem.message}`,
        problem.rule ? ` (${problem.rule})` : ''
      )
      list.append(item)
    }
    const close = document.createElement('button')
    close.type = 'button'
    close.textContent = 'Hide'
    close.style.marginTop = '.5rem'
    close.addEventListener('click', () => overlay.remove())
    overlay.append(title, list, close)
    document.body.prepend(overlay)
  })
})()
