// Types of src/payments/stripe-sdk.gen.js, which scripts/slim-stripe.mjs generates from the installed stripe package
// (the same SDK with the API resources klick never calls stubbed out): the SDK's own types apply unchanged.
import Stripe from 'stripe';
export default Stripe;
