/** The attributes of the app's root (`#app`) that the first paint and the entry script agree on. */

/** Set while `#app` shows the host's first paint (which is inert). */
export const FIRST_PAINT_ATTR = 'data-first-paint';

/** Set by the entry script when the app mounts: a first paint arriving later is not shown. */
export const MOUNTED_ATTR = 'data-app-mounted';

/** The root font size app.css sets (`html { font-size: 15px }`; a test holds them together), in CSS px. */
export const ROOT_FONT_PX = 15;
