// A system notification: how a save started outside any papershelf button (the context menu,
// the shortcut on a page without buttons) tells the user what happened.
const ICON = "icons/icon-128.png";

export async function notify(title, message) {
  try {
    return await chrome.notifications.create({
      type: "basic",
      iconUrl: chrome.runtime.getURL(ICON),
      title,
      message,
    });
  } catch {
    return null; // notifications switched off: the save itself is done or reported elsewhere
  }
}
