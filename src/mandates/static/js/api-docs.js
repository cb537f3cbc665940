// Starts Swagger UI on the API documentation page; the schema address comes from the page.
// No online validator (validator.swagger.io): the page works with no internet.
(function () {
  "use strict";
  var container = document.getElementById("swagger-ui");
  if (!container || typeof SwaggerUIBundle === "undefined") { return; }
  SwaggerUIBundle({
    url: container.dataset.specUrl,
    domNode: container,
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout"
  });
})();
