import {defineConfig} from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // A zone far from UTC, so that a date taken as local time shows up as a wrong day.
    // The cache's key: tests never make one in the user's home (see cacheSecret).
    env: {
      TZ: 'Pacific/Kiritimati',
      LANG: 'de_DE.UTF-8',
      LC_ALL: 'de_DE.UTF-8',
      BULLETIN_CACHE_KEY: 'bulletin-tests-cache-key-0123456789'
    },
    testTimeout: 30_000,
    setupFiles: ['tests/helpers/setup.ts']
  }
})
