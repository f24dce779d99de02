// Loaded into the export page after plotly.js (see render._warm_kaleido): every SVG that plotly.js
// writes for an export has the coordinates of its shapes' outlines cut to two decimals of a CSS
// pixel. plotly.js writes them with all the digits of a float (about 38 characters a point), and
// a national kab/kota map has 22.000 points: its SVG is 0,87 MB, which the browser then parses
// again to draw the PNG. Two decimals are a hundredth of a pixel on screen and a thirtieth of one
// at 300 dpi: the drawing does not change, the SVG is less than half the size.
// A PNG is drawn the way plotly.js draws one (snapshot/svgtoimg.js): its SVG, as an image, scaled
// onto a canvas, written as PNG.
(function () {
  "use strict";
  const plotlyToImage = Plotly.toImage;
  const PREFIX = "data:image/svg+xml,";

  function shortPaths(svg) {
    // Only path data: text (titles, sources, labels) is left exactly as written.
    return svg.replace(/ d="([^"]*)"/g, (_, d) => ' d="' + d.replace(/(\.\d\d)\d+/g, "$1") + '"');
  }

  function png(svg, width, height, scale, dataOnly) {
    return new Promise((resolve, reject) => {
      const canvas = document.createElement("canvas");
      const context = canvas.getContext("2d", { willReadFrequently: true });
      const url = URL.createObjectURL(new Blob([svg], { type: "image/svg+xml" }));
      const image = new Image();
      canvas.width = width * scale;
      canvas.height = height * scale;
      image.onload = () => {
        URL.revokeObjectURL(url);
        context.drawImage(image, 0, 0, width * scale, height * scale);
        const data = canvas.toDataURL("image/png");
        resolve(dataOnly ? data.replace(/^data:image\/png;base64,/, "") : data);
      };
      image.onerror = (error) => {
        URL.revokeObjectURL(url);
        reject(error);
      };
      image.src = url;
    });
  }

  Plotly.toImage = function (figure, options) {
    const opts = options || {};
    if (opts.format === "svg") {
      return plotlyToImage.call(this, figure, opts).then((svg) => svg.startsWith(PREFIX)
        ? PREFIX + encodeURIComponent(shortPaths(decodeURIComponent(svg.slice(PREFIX.length))))
        : shortPaths(svg));
    }
    if (opts.format === "png" && opts.width && opts.height) {
      const scale = opts.scale || 1;
      return plotlyToImage.call(this, figure, { ...opts, format: "svg", scale: 0, imageDataOnly: true })
        .then((svg) => png(shortPaths(svg), opts.width, opts.height, scale, opts.imageDataOnly));
    }
    return plotlyToImage.call(this, figure, opts);
  };
})();
