/** The first-paint script's entry (built as a classic script into out/renderer/first-paint.js): see request.ts. */
import { requestFirstPaint } from './request';

void requestFirstPaint(document, (...args) => fetch(...args));
