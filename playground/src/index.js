// The playground's bundle: registers <nn-playground> (see widget.js).
import { NNPlayground } from "./widget.js";

if (!customElements.get("nn-playground")) customElements.define("nn-playground", NNPlayground);
