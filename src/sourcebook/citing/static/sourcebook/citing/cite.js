// Copy buttons for the cite box. Without JavaScript the buttons stay hidden and the citations
// remain selectable text (one click selects a whole citation).
document.querySelectorAll(".cite-box button.copy").forEach(function (button) {
  if (!navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    var text = document.getElementById(button.dataset.copy).innerText.trim();
    navigator.clipboard.writeText(text).then(function () {
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = "Copy"; }, 2000);
    }, function () { button.textContent = "Select and copy"; });
  });
});
