// Progressive enhancement of the upload form: drag and drop, a preview before upload, a size check
// that saves a doomed upload, and a busy state while the server works. Without this script the form
// is a plain multipart post and works the same. The preview is an object URL: nothing leaves the browser
// until the form is submitted.
(function () {
    "use strict";
    document.documentElement.classList.add("has-js");

    var form = document.getElementById("upload-form");

    // Coming back with the browser's back button restores a page from cache. A result restored so (some browsers keep
    // no-store pages in their back-forward cache) would show the last patient's image on a shared workstation: the page
    // is asked for afresh, empty, instead. Result pages have no form, so this comes before anything that needs one.
    window.addEventListener("pageshow", function (event) {
        if (event.persisted && document.querySelector(".result")) {
            window.location.replace(window.location.pathname);
        }
    });

    if (!form) {
        return;
    }

    // A refusal comes back as a page with its message already in it, which screen readers do not announce as an alert:
    // focus moves to the message, so it is read first.
    var refusal = document.querySelector("#upload-error:not([hidden]), #clinical-error:not([hidden])");
    if (refusal) {
        refusal.focus();
    }

    var input = document.getElementById("image");
    var dropzone = document.getElementById("dropzone");
    var preview = document.getElementById("preview");
    var previewImage = document.getElementById("preview-image");
    var previewCaption = document.getElementById("preview-caption");
    var error = document.getElementById("upload-error");
    var progress = document.getElementById("progress");
    var submit = document.getElementById("submit");
    var maxBytes = Number(form.getAttribute("data-max-bytes"));
    var maxSizeText = form.getAttribute("data-max-size-text");
    var previewUrl = null;

    function showError(heading, detail) {
        error.textContent = "";
        var title = document.createElement("h2");
        title.className = "refusal-heading";
        title.textContent = heading;
        var text = document.createElement("p");
        text.className = "refusal-detail";
        text.textContent = detail;
        error.appendChild(title);
        error.appendChild(text);
        error.setAttribute("data-refusal", "client-check");
        error.hidden = false;
        input.setAttribute("aria-invalid", "true");
    }

    function clearError() {
        error.hidden = true;
        error.textContent = "";
        error.removeAttribute("data-refusal");
        input.setAttribute("aria-invalid", "false");
    }

    function formatSize(bytes) {
        return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
    }

    function showPreview() {
        if (previewUrl) {
            URL.revokeObjectURL(previewUrl);
            previewUrl = null;
        }
        var file = input.files && input.files[0];
        if (!file) {
            preview.hidden = true;
            return;
        }
        clearError();
        if (file.size > maxBytes) {
            preview.hidden = true;
            showError("The file is too large", "The chosen file is " + formatSize(file.size) + "; images up to " + maxSizeText + " are accepted. Downscale or re-compress the image and choose it again.");
            return;
        }
        previewUrl = URL.createObjectURL(file);
        previewImage.src = previewUrl;
        previewCaption.textContent = "Chosen file, " + formatSize(file.size) + ". Press Classify to upload it.";
        preview.hidden = false;
    }

    input.addEventListener("change", showPreview);

    ["dragenter", "dragover"].forEach(function (name) {
        dropzone.addEventListener(name, function (event) {
            event.preventDefault();
            dropzone.classList.add("is-dragover");
        });
    });
    ["dragleave", "drop"].forEach(function (name) {
        dropzone.addEventListener(name, function () {
            dropzone.classList.remove("is-dragover");
        });
    });
    dropzone.addEventListener("drop", function (event) {
        event.preventDefault();
        var files = event.dataTransfer && event.dataTransfer.files;
        if (!files || files.length === 0) {
            return;
        }
        var transfer = new DataTransfer();
        transfer.items.add(files[0]);
        input.files = transfer.files;
        showPreview();
    });

    form.addEventListener("submit", function (event) {
        var file = input.files && input.files[0];
        if (file && file.size > maxBytes) {
            event.preventDefault();
            input.focus();
            return;
        }
        submit.disabled = true;
        form.setAttribute("aria-busy", "true");
        progress.classList.add("is-busy");
        progress.textContent = "Uploading and classifying the image…";
    });

    // The form restored from cache would still be in its busy state.
    window.addEventListener("pageshow", function () {
        submit.disabled = false;
        form.removeAttribute("aria-busy");
        progress.classList.remove("is-busy");
        progress.textContent = "";
    });
}());
