/* The attendance register by keyboard: a letter of the legend fills the day
   (saved at once by htmx) and moves to the next day; the arrow keys, Home,
   End and Enter move between days and people; Delete or Backspace empties a
   day. Without this file the row forms still save (button "Save row"). */
(function () {
  "use strict";

  function setUp(grid) {
    var letters = (grid.dataset.letters || "").toUpperCase();
    var rows = parseInt(grid.dataset.rows || "0", 10);
    var cols = parseInt(grid.dataset.cols || "0", 10);
    var status = document.getElementById("attendance-status");
    var last = null;

    function cellAt(row, col) {
      return grid.querySelector(
        '.att-cell[data-row="' + row + '"][data-col="' + col + '"]'
      );
    }

    function focusCell(cell) {
      cell.focus();
      cell.select();
    }

    // From `cell`, by `dr` rows and `dc` days, skipping the days that cannot
    // be changed; left and right wrap to the previous or next person.
    function move(cell, dr, dc) {
      var row = parseInt(cell.dataset.row, 10);
      var col = parseInt(cell.dataset.col, 10);
      for (var step = 0; step < rows * cols + 1; step += 1) {
        row += dr;
        col += dc;
        if (dc !== 0 && col >= cols) {
          col = 0;
          row += 1;
        } else if (dc !== 0 && col < 0) {
          col = cols - 1;
          row -= 1;
        }
        if (row < 0 || row >= rows) {
          return null;
        }
        var next = cellAt(row, col);
        if (next) {
          focusCell(next);
          return next;
        }
      }
      return null;
    }

    function edge(cell, toEnd) {
      var row = cell.dataset.row;
      var cells = grid.querySelectorAll('.att-cell[data-row="' + row + '"]');
      if (cells.length) {
        focusCell(cells[toEnd ? cells.length - 1 : 0]);
      }
    }

    function save(cell, value) {
      cell.value = value;
      cell.dispatchEvent(new Event("change", { bubbles: true }));
    }

    grid.addEventListener("focusin", function (event) {
      var cell = event.target.closest(".att-cell");
      if (cell) {
        last = { row: cell.dataset.row, col: cell.dataset.col };
        cell.select();
      }
    });

    grid.addEventListener("keydown", function (event) {
      var cell = event.target.closest(".att-cell");
      if (!cell || event.altKey || event.ctrlKey || event.metaKey) {
        return;
      }
      var handled = true;
      switch (event.key) {
        case "ArrowLeft":
          move(cell, 0, -1);
          break;
        case "ArrowRight":
          move(cell, 0, 1);
          break;
        case "ArrowUp":
          move(cell, -1, 0);
          break;
        case "ArrowDown":
        case "Enter":
          move(cell, 1, 0);
          break;
        case "Home":
          edge(cell, false);
          break;
        case "End":
          edge(cell, true);
          break;
        case "Delete":
        case "Backspace":
          if (cell.value) {
            save(cell, "");
          }
          break;
        default:
          handled = false;
          if (event.key.length === 1) {
            var letter = event.key.toUpperCase();
            event.preventDefault();
            if (letters.indexOf(letter) >= 0) {
              if (cell.value !== letter) {
                save(cell, letter);
              }
              move(cell, 0, 1);
            } else if (status) {
              status.className = "alert alert-warning py-1 px-2 mb-2 small";
              status.textContent = grid.dataset.invalid || "";
            }
          }
      }
      if (handled) {
        event.preventDefault();
      }
    });

    // A cell drawn anew while it had the focus gets it back.
    document.body.addEventListener("htmx:afterSwap", function (event) {
      var target = event.detail && event.detail.target;
      if (!target || !grid.contains(target) || !last) {
        return;
      }
      var cell = target.querySelector(".att-cell");
      if (
        cell &&
        cell.dataset.row === last.row &&
        cell.dataset.col === last.col &&
        (document.activeElement === document.body || !document.activeElement)
      ) {
        focusCell(cell);
      }
    });
  }

  function init() {
    var grid = document.querySelector(".att-grid");
    if (grid) {
      setUp(grid);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
