// A signature drawn with a finger or a mouse on <canvas data-signature="input-id">, kept as an SVG path
// ("M x y L x y …", in a 300 × 120 box) in the named hidden input. No inline script (Content-Security-Policy).
(function () {
  function setUp(canvas) {
    var input = document.getElementById(canvas.dataset.signature);
    var context = canvas.getContext("2d");
    var path = [];
    var drawing = false;
    function point(event) {
      var box = canvas.getBoundingClientRect();
      return [Math.round((event.clientX - box.left) * 300 / box.width),
              Math.round((event.clientY - box.top) * 120 / box.height)];
    }
    function resize() {
      canvas.width = canvas.clientWidth;
      canvas.height = canvas.clientWidth * 0.4;
      context.lineWidth = 2;
      context.lineCap = "round";
      redraw();
    }
    function redraw() {
      context.clearRect(0, 0, canvas.width, canvas.height);
      context.beginPath();
      var sx = canvas.width / 300, sy = canvas.height / 120;
      for (var i = 0; i < path.length; i++) {
        var p = path[i];
        if (p[0] === "M") { context.moveTo(p[1] * sx, p[2] * sy); } else { context.lineTo(p[1] * sx, p[2] * sy); }
      }
      context.stroke();
      input.value = path.map(function (p) { return p.join(" "); }).join(" ");
    }
    canvas.addEventListener("pointerdown", function (event) {
      drawing = true;
      canvas.setPointerCapture(event.pointerId);
      var p = point(event);
      path.push(["M", p[0], p[1]]);
      event.preventDefault();
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) { return; }
      var p = point(event);
      path.push(["L", p[0], p[1]]);
      redraw();
      event.preventDefault();
    });
    ["pointerup", "pointercancel", "pointerleave"].forEach(function (name) {
      canvas.addEventListener(name, function () { drawing = false; });
    });
    var clear = document.querySelector("[data-clear-signature='" + canvas.dataset.signature + "']");
    if (clear) { clear.addEventListener("click", function () { path = []; redraw(); }); }
    window.addEventListener("resize", resize);
    resize();
  }
  document.querySelectorAll("canvas[data-signature]").forEach(setUp);
})();
