/**
 * Worker of `warmFormatsOffThread` (formats.ts): creates the app's Intl formatters for the language given as the
 * worker's name, then says so and ends. ICU's locale data is loaded once per process, so this spares the page's
 * own thread most of the first formatters' cost (~60–140 ms for the first date-time formatter in a cold renderer).
 */
import { warmFormats } from './formats';

warmFormats(self.name || 'en');
self.postMessage('warm');
self.close();
