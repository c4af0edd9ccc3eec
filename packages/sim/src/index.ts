export { CartFile, cartRequest, cartShopper, defaultMoment, unknownCoupons } from './cart-file.ts';
