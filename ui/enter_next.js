// Enter in a form's field goes to the next field, and on the last one presses the screen's main
// button, as a keyboard (or a phone's Next and Go keys) leads one to expect. A form is the box
// keyed "enter_fields" (its inputs in page order); the main button is the last one in the
// screen's bar keyed "actions". Installed once per page load, beside kiosk_watch.js.
if (!window.kioskEnterNext) {
  window.kioskEnterNext = true;
  const formOf = (el) => el instanceof HTMLInputElement && el.closest(".st-key-enter_fields");
  const fieldsOf = (form) => [...form.querySelectorAll("input")].filter((f) => !f.disabled && f.type !== "hidden");
  const mainButton = () => {
    const buttons = document.querySelectorAll(".st-key-actions button");
    return buttons[buttons.length - 1];
  };

  // A phone's keyboard labels its Enter key by this: Next, and Go on the last field.
  document.addEventListener("focusin", (event) => {
    const form = formOf(event.target);
    if (!form) return;
    const fields = fieldsOf(form);
    fields.forEach((f, i) => f.setAttribute("enterkeyhint", i === fields.length - 1 ? "go" : "next"));
  }, true);

  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || event.isComposing || event.shiftKey || event.altKey || event.ctrlKey || event.metaKey) return;
    const field = event.target;
    const form = formOf(field);
    if (!form) return;
    // Streamlit keeps the field's value on this Enter (and again when the field loses focus).
    const fields = fieldsOf(form);
    const next = fields[fields.indexOf(field) + 1];
    if (next) {
      event.preventDefault();
      next.focus();
      return;
    }
    // The last field: its value goes first (Streamlit sends it on this Enter), then the press.
    setTimeout(() => {
      const button = mainButton();
      if (button && !button.disabled) button.click();
    }, 0);
  }, true);
}
