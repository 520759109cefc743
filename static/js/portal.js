// Small progressive enhancements; the portal works without JavaScript.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-confirm]");
  if (button && !window.confirm(button.dataset.confirm)) {
    event.preventDefault();
  }
});

// Date fields take dd/mm/yyyy whatever the browser's language: the slashes come while typing digits.
document.addEventListener("input", (event) => {
  const field = event.target.closest("[data-date-mask]");
  if (!field || (event.inputType || "").startsWith("delete")) {
    return;
  }
  let value = field.value.replace(/\/{2,}/g, "/");
  if (/^\d{8}$/.test(value)) {
    value = `${value.slice(0, 2)}/${value.slice(2, 4)}/${value.slice(4)}`;
  } else if (/^\d{2}$/.test(value) || /^\d{1,2}\/\d{2}$/.test(value)) {
    value += "/";
  }
  field.value = value;
});
